package dev.courier.kv.rsa;

import dev.courier.core.net.Connections;
import dev.courier.core.net.Drain;
import dev.courier.core.net.Listener;
import dev.courier.core.net.ConnectionLimiter;
import dev.courier.kv.KvLimits;
import dev.courier.kv.protocol.KvDialect;
import dev.courier.kv.server.KvAuthMode;
import dev.courier.kv.server.KvRsaConfig;
import dev.courier.kv.server.KvServer;
import dev.courier.kv.server.KvServerHandler;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The legacy RSA edition's listener (spec section 8): a second front door of a {@link KvServer}, which starts it
 * from its config, hands it its sessions, store, limits, connection count, counters and event loops, and closes it.
 */
public final class KvRsaListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KvRsaListener.class);
    /** Default port of the RSA edition. */
    public static final int DEFAULT_PORT = 7402;
    /** Smallest PEM key bound accepted: a 4096-bit key's PEM block is about 800 bytes. */
    public static final int MIN_PEM_BYTES = 1024;

    private final Listener listener;
    private final ChannelGroup channels;
    private final RSAPublicKey publicKey;
    private final AtomicBoolean closed = new AtomicBoolean();

    private KvRsaListener(Listener listener, ChannelGroup channels, RSAPublicKey publicKey) {
        this.listener = listener;
        this.channels = channels;
        this.publicKey = publicKey;
    }

    /**
     * Listens as {@code config} says, in front of a KV server that hands over what its connections share: the
     * handler's shared state, the limits, the open-connections limit and the event loops. Called by the server,
     * which owns the listener and closes it first.
     *
     * @param mode    the server's mode once settled (accounts mode refuses: this edition has no password)
     * @param tlsPort the TLS edition's port, named in the warning this edition's weakness deserves
     * @param dialect how messages are framed: LF lines cut into blocks, or one block per message
     * @throws IllegalStateException when the server is in accounts mode
     */
    public static KvRsaListener start(KvRsaConfig config, KvServerHandler.Shared shared, KvLimits limits,
                                      ConnectionLimiter limiter, EventLoopGroup loops, KvAuthMode mode,
                                      boolean askedForOpen, int tlsPort, KvDialect dialect)
            throws InterruptedException {
        if (config.maxPemBytes() < MIN_PEM_BYTES) {
            throw new IllegalArgumentException("the PEM key bound must be at least " + MIN_PEM_BYTES
                    + " bytes, enough for a 4096-bit key");
        }
        if (mode == KvAuthMode.ACCOUNTS) {
            String why = "the RSA edition is not started: the KV server is in accounts mode, and this edition has "
                    + "no password, so it could not tell an account's owner from anyone else (spec section 8)";
            LOG.error("kv-rsa: {}", why);
            throw new IllegalStateException(why);
        }
        KeyPair keys = config.keys() != null ? config.keys() : RsaKeys.generate(RsaKeys.checkBits(config.bits()));
        RSAPublicKey pub = (RSAPublicKey) keys.getPublic();
        int bits = pub.getModulus().bitLength();
        String host = config.host();
        if (!askedForOpen && !Connections.isLoopback(host)) {
            LOG.warn("kv-rsa: open mode on the non-loopback address {}: only loopback peers may CONNECT "
                    + "(protected mode); ask for open mode by name (--kv-mode open) to serve others", host);
            shared = shared.asLoopbackOnly();
        }
        ChannelGroup channels = new DefaultChannelGroup("kv-rsa", GlobalEventExecutor.INSTANCE);
        RsaServerInitializer init = new RsaServerInitializer(keys, config.maxPemBytes(), limits, limiter, channels,
                shared, dialect);
        Listener l = Listener.bind("kv-rsa", host, config.port(), KvServer.BACKLOG, init, loops);
        LOG.warn("kv-rsa: the legacy RSA edition listens on {} and protects almost nothing: {} nothing checks whose "
                + "key a peer sends, so anyone in the middle can swap the keys and read or change everything; there "
                + "is no integrity check, so blocks can be dropped, replayed or reordered unseen; and there is no "
                + "password, so anyone who reaches this port can use any free client id, and a dropped connection loses "
                + "its session. Use the TLS edition "
                + "(port {}) for anything that matters.", l.address(), bits < 1024
                ? "its " + bits + "-bit RSA key can be factored with public tools in hours;"
                : "even with a " + bits + "-bit key,", tlsPort);
        return new KvRsaListener(l, channels, pub);
    }

    /** The bound address. */
    public InetSocketAddress address() {
        return listener.address();
    }

    /** The bound port. */
    public int port() {
        return listener.port();
    }

    /** The public key every client gets. */
    public RSAPublicKey publicKey() {
        return publicKey;
    }

    /** Stops accepting and closes every connection at once: {@link #close(Duration)} with no grace. */
    @Override
    public void close() {
        close(Duration.ZERO);
    }

    /** Stops accepting new connections; open ones go on (the KV server stops both editions first, then drains). */
    public void stopAccepting() {
        listener.stopAccepting();
    }

    /**
     * Stops accepting, lets each connection finish the requests it sent for at most {@code grace} (an idle one is
     * closed at once), then cuts the rest and logs what was cut. Closing twice does nothing more.
     *
     * @return what each connection cut when the grace ran out was at (empty if none was cut)
     */
    public List<String> close(Duration grace) {
        if (!closed.compareAndSet(false, true)) {
            return List.of();
        }
        listener.stopAccepting();
        List<String> cut = Drain.close("kv-rsa", channels, grace);
        listener.close();
        return cut;
    }
}
