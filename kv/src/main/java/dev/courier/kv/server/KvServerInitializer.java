package dev.courier.kv.server;

import dev.courier.core.net.ConnectionLimiter;
import dev.courier.kv.KvLimits;
import dev.courier.kv.protocol.Edition;
import dev.courier.kv.protocol.KvDialect;
import dev.courier.kv.protocol.KvReplyBatchEncoder;
import dev.courier.kv.protocol.KvRequestDecoder;
import dev.courier.kv.record.KvRecordReplyEncoder;
import dev.courier.kv.record.KvRecordRequestDecoder;
import dev.courier.kv.record.TlsRecordSplitter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/**
 * The pipeline of a TLS-edition KV connection, in its one order: limit → TLS → framing and codec → idle → handler.
 * In the record dialect a splitter before TLS hands it one record at a time, so that the framing after it sees
 * where each record ends.
 */
public final class KvServerInitializer extends ChannelInitializer<SocketChannel> {
    private final SslContext ssl;
    private final KvLimits limits;
    private final ConnectionLimiter limiter;
    private final ChannelGroup channels;
    private final KvServerHandler.Shared shared;
    private final KvDialect dialect;

    /** An initializer for connections of one listener speaking {@code dialect}. */
    public KvServerInitializer(SslContext ssl, KvLimits limits, ConnectionLimiter limiter, ChannelGroup channels,
                               KvServerHandler.Shared shared, KvDialect dialect) {
        this.dialect = dialect;
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
        if (dialect == KvDialect.RECORD) {
            p.addLast("records", new TlsRecordSplitter());
        }
        SslHandler tls = ssl.newHandler(ch.alloc());
        tls.setHandshakeTimeoutMillis(limits.handshakeTimeout().toMillis());
        p.addLast("tls", tls);
        shared.stats().handshakes.watch(tls);
        addCodec(p, dialect, limits, Edition.TLS);
        addIdle(p, limits);
        p.addLast("handler", new KvServerHandler(shared, Edition.TLS));
    }

    /** The framing and codec of {@code dialect} and {@code edition}: the decoder, then the encoder. */
    public static void addCodec(ChannelPipeline p, KvDialect dialect, KvLimits limits, Edition edition) {
        if (dialect == KvDialect.RECORD) {
            p.addLast("decoder", new KvRecordRequestDecoder(limits.maxMessageBytes(), edition));
            p.addLast("encoder", new KvRecordReplyEncoder(edition));
        } else {
            p.addLast("decoder", new KvRequestDecoder(limits.maxMessageBytes(), edition));
            p.addLast("encoder", new KvReplyBatchEncoder(edition));
        }
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
