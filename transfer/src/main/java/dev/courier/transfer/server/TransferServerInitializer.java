package dev.courier.transfer.server;

import dev.courier.core.net.ConnectionLimiter;
import dev.courier.core.tls.ClientCa;
import dev.courier.transfer.TransferLimits;
import dev.courier.transfer.protocol.TransferFrameDecoder;
import dev.courier.transfer.protocol.TransferReplyEncoder;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline of a transfer connection, in its one order: connection limiter → TLS (optional) → idle → arrival
 * tap → frame decoder and reply encoder → handler. Idle sits before the decoder, unlike the KV service, so that it
 * counts bytes rather than frames: a 1 MiB chunk arriving slowly over a thin link is not idle; the frame deadlines
 * (started by the tap) bound how slowly.
 */
public final class TransferServerInitializer extends ChannelInitializer<SocketChannel> {
    private static final Logger LOG = LoggerFactory.getLogger(TransferServerInitializer.class);
    /** Bytes a sender may send ahead of a reply before it is cut off (a well-behaved sender sends none). */
    public static final int HOLD_SLACK = 64 * 1024;

    private final SslContext ssl;
    private final TransferLimits limits;
    private final ChannelGroup channels;
    private final TransferServerHandler.Shared shared;
    private final ConnectionLimiter limiter;
    private final boolean clientCertificates;

    /** An initializer for connections of one receiver; {@code ssl} null means plain TCP. */
    TransferServerInitializer(SslContext ssl, TransferLimits limits, ChannelGroup channels,
                              TransferServerHandler.Shared shared, ConnectionLimiter limiter) {
        this.ssl = ssl;
        this.limiter = limiter;
        this.limits = limits;
        this.channels = channels;
        this.shared = shared;
        this.clientCertificates = shared.auth().clientCa() != null;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        channels.add(ch);
        ChannelPipeline p = ch.pipeline();
        p.addLast("limit", limiter);
        if (ssl != null) {
            SslHandler tls = ssl.newHandler(ch.alloc());
            // The first frame's deadline runs from connecting, handshake included; this only backs it up.
            tls.setHandshakeTimeoutMillis(limits.headerTimeout().toMillis());
            p.addLast("tls", tls);
            shared.stats().handshakes.watch(tls);
            if (clientCertificates) {
                tls.handshakeFuture().addListener(f -> {
                    String refusal = f.isSuccess() ? null : ClientCa.refusal(f.cause());
                    if (refusal != null) {
                        // One line, the peer and the reason: an operator sees who was turned away and why.
                        shared.stats().authRefused.increment();
                        LOG.info("transfer: {} refused: {}", Peer.address(ch), refusal);
                    }
                });
            }
        }
        p.addLast("idle", new IdleStateHandler(limits.idleTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS));
        TransferFrameDecoder decoder = new TransferFrameDecoder(limits.maxTrailerBytes(), HOLD_SLACK);
        TransferServerHandler handler = new TransferServerHandler(shared, decoder);
        p.addLast("arrival", new ArrivalTap(handler));
        p.addLast("decoder", decoder);
        p.addLast("encoder", TransferReplyEncoder.INSTANCE);
        p.addLast("handler", handler);
    }
}
