package dev.courier.kv.rsa;

import dev.courier.core.net.ConnectionLimiter;
import dev.courier.kv.KvLimits;
import dev.courier.kv.protocol.Edition;
import dev.courier.kv.protocol.KvDialect;
import dev.courier.kv.protocol.KvReplyEncoder;
import dev.courier.kv.protocol.KvRequestDecoder;
import dev.courier.kv.server.KvServerHandler;
import dev.courier.kv.server.KvServerInitializer;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import java.security.KeyPair;

/**
 * The pipeline of an RSA-edition KV connection: limit → key exchange and blocks (in TLS's place) → framing and
 * codec of the RSA edition → idle → the same handler as the TLS edition's. In the record dialect each block is one
 * message, in both directions.
 */
public final class RsaServerInitializer extends ChannelInitializer<SocketChannel> {
    private static final KvReplyEncoder ENCODER = new KvReplyEncoder(Edition.RSA);

    private final KeyPair keys;
    private final int maxPemBytes;
    private final KvLimits limits;
    private final ConnectionLimiter limiter;
    private final ChannelGroup channels;
    private final KvServerHandler.Shared shared;
    private final KvDialect dialect;

    /** An initializer for connections of one RSA listener speaking {@code dialect}. */
    public RsaServerInitializer(KeyPair keys, int maxPemBytes, KvLimits limits, ConnectionLimiter limiter,
                                ChannelGroup channels, KvServerHandler.Shared shared, KvDialect dialect) {
        this.dialect = dialect;
        this.keys = keys;
        this.maxPemBytes = maxPemBytes;
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
        // No timer of its own: the handler's CONNECT deadline covers the key exchange too.
        boolean records = dialect == KvDialect.RECORD;
        p.addLast("rsa", new RsaFrontHandler(RsaFrontHandler.Side.SERVER, keys, maxPemBytes, null,
                shared.stats().violations::increment, records));
        if (records) {
            KvServerInitializer.addCodec(p, dialect, limits, Edition.RSA);
        } else {
            p.addLast("decoder", new KvRequestDecoder(limits.maxMessageBytes(), Edition.RSA));
            p.addLast("encoder", ENCODER);
        }
        KvServerInitializer.addIdle(p, limits);
        p.addLast("handler", new KvServerHandler(shared, Edition.RSA));
    }
}
