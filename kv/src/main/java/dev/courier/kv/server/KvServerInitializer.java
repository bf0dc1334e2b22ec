package dev.courier.kv.server;

import dev.courier.core.net.ConnectionLimiter;
import dev.courier.kv.KvLimits;
import dev.courier.kv.protocol.Edition;
import dev.courier.kv.protocol.KvReplyBatchEncoder;
import dev.courier.kv.protocol.KvRequestDecoder;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/** The pipeline of a TLS-edition KV connection, in its one order: limit → TLS → framing and codec → idle → handler. */
public final class KvServerInitializer extends ChannelInitializer<SocketChannel> {
    private final SslContext ssl;
    private final KvLimits limits;
    private final ConnectionLimiter limiter;
    private final ChannelGroup channels;
    private final KvServerHandler.Shared shared;

    /** An initializer for connections of one listener. */
    public KvServerInitializer(SslContext ssl, KvLimits limits, ConnectionLimiter limiter, ChannelGroup channels,
                               KvServerHandler.Shared shared) {
        this.ssl = ssl;
        this.limits = limits;
        this.limiter = limiter;
        this.channels = channels;
        this.shared = shared;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        channels.add(ch);
        ChannelPipeline p = ch.pipeline();
        p.addLast("limit", limiter);
        SslHandler tls = ssl.newHandler(ch.alloc());
        tls.setHandshakeTimeoutMillis(limits.handshakeTimeout().toMillis());
        p.addLast("tls", tls);
        shared.stats().handshakes.watch(tls);
        p.addLast("decoder", new KvRequestDecoder(limits.maxMessageBytes(), Edition.TLS));
        p.addLast("encoder", new KvReplyBatchEncoder(Edition.TLS));
        addIdle(p, limits);
        p.addLast("handler", new KvServerHandler(shared, Edition.TLS));
    }

    /**
     * The one idle policy of both editions: idle means no request for the idle timeout (0: never). Watching reads
     * only keeps the timer off the per-reply write path, and a client that reads answers slowly but sends nothing
     * is idle all the same.
     */
    public static void addIdle(ChannelPipeline p, KvLimits limits) {
        if (!limits.idleTimeout().isZero()) {
            p.addLast("idle", new IdleStateHandler(limits.idleTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS));
        }
    }
}
