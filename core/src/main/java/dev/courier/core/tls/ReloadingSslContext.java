package dev.courier.core.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ApplicationProtocolNegotiator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSessionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server context that follows its {@link CertificateStore}: each new connection gets an engine of the context
 * built for the store's current pair (rebuilt once after a {@linkplain CertificateStore#reload() reload}), while the
 * connections already open keep the engines they have. Nothing is dropped by a rotation.
 */
final class ReloadingSslContext extends SslContext {
    private static final Logger LOG = LoggerFactory.getLogger(ReloadingSslContext.class);
    /** Builds a server context for the store's pair as it is now. */
    interface Builder {
        SslContext build(CertificateStore store) throws SSLException;
    }

    private final CertificateStore store;
    private final Builder builder;
    private final LongSupplier version;
    private volatile SslContext current;
    private volatile long builtFor;

    ReloadingSslContext(CertificateStore store, Builder builder) throws SSLException {
        this(store, builder, store::version);
    }

    /**
     * A context rebuilt whenever {@code version} changes: the store's, or a sum of versions that only grow (the
     * store's and a client CA's), so a change of either is seen.
     */
    ReloadingSslContext(CertificateStore store, Builder builder, LongSupplier version) throws SSLException {
        this.store = store;
        this.builder = builder;
        this.version = version;
        this.builtFor = version.getAsLong();
        this.current = builder.build(store);
    }

    /** The context for the store's pair now; if the new pair cannot make one, the last good context stays. */
    SslContext current() {
        long v = version.getAsLong();
        if (v == builtFor) {
            return current;
        }
        synchronized (this) {
            if (v != builtFor) {
                try {
                    current = builder.build(store);
                } catch (SSLException | RuntimeException e) {
                    LOG.warn(
                            "TLS: cannot use the new certificate ({}): new connections keep the previous one",
                            e.getMessage());
                }
                builtFor = v;
            }
            return current;
        }
    }

    @Override
    public boolean isClient() {
        return false;
    }

    @Override
    public List<String> cipherSuites() {
        return current().cipherSuites();
    }

    @Override
    public long sessionCacheSize() {
        return current().sessionCacheSize();
    }

    @Override
    public long sessionTimeout() {
        return current().sessionTimeout();
    }

    @Override
    public ApplicationProtocolNegotiator applicationProtocolNegotiator() {
        return current().applicationProtocolNegotiator();
    }

    @Override
    public SSLEngine newEngine(ByteBufAllocator alloc) {
        return current().newEngine(alloc);
    }

    @Override
    public SSLEngine newEngine(ByteBufAllocator alloc, String peerHost, int peerPort) {
        return current().newEngine(alloc, peerHost, peerPort);
    }

    @Override
    public SSLSessionContext sessionContext() {
        return current().sessionContext();
    }

    @Override
    protected SslHandler newHandler(ByteBufAllocator alloc, boolean startTls) {
        return startTls ? new SslHandler(newEngine(alloc), true) : current().newHandler(alloc);
    }

    @Override
    protected SslHandler newHandler(ByteBufAllocator alloc, boolean startTls, Executor executor) {
        return startTls ? new SslHandler(newEngine(alloc), true, executor) : current().newHandler(alloc, executor);
    }

    @Override
    protected SslHandler newHandler(ByteBufAllocator alloc, String peerHost, int peerPort, boolean startTls) {
        return startTls ? new SslHandler(newEngine(alloc, peerHost, peerPort), true)
                : current().newHandler(alloc, peerHost, peerPort);
    }

    @Override
    protected SslHandler newHandler(ByteBufAllocator alloc, String peerHost, int peerPort, boolean startTls,
                                    Executor executor) {
        return startTls ? new SslHandler(newEngine(alloc, peerHost, peerPort), true, executor)
                : current().newHandler(alloc, peerHost, peerPort, executor);
    }
}
