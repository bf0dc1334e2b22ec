package dev.courier.transfer.client;

import dev.courier.core.net.ConnectFailure;
import dev.courier.core.net.Transport;
import dev.courier.core.tls.TlsContexts;
import dev.courier.transfer.TransferException;
import dev.courier.transfer.TransferException.Reason;
import dev.courier.transfer.protocol.TransferProtocol;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.netty.util.concurrent.Future;
import java.io.IOException;

/** Opens a sender's connection: TCP, then TLS with the KV service's certificate rules when asked. */
final class Connector {
    private Connector() {
    }

    static Channel open(TransferClientConfig config, ReplyQueue replies, EventLoopGroup group)
            throws TransferException {
        SslContext ssl = null;
        if (config.trust() != null) {
            try {
                ssl = TlsContexts.client(config.trust(), config.credentials().certificate());
            } catch (IOException e) {
                throw new TransferException(Reason.TLS, "cannot set up TLS: " + e.getMessage(), e);
            }
        }
        SslContext tls = ssl;
        replies.clientCertificate(config.credentials().leaf());
        Bootstrap b = new Bootstrap()
                .group(group)
                .channel(Transport.best().clientChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS,
                        (int) Math.min(Integer.MAX_VALUE, config.connectTimeout().toMillis()))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (tls != null) {
                            SslHandler h = tls.newHandler(ch.alloc(), config.host(), config.port());
                            h.setHandshakeTimeoutMillis(config.replyTimeout().toMillis());
                            ch.pipeline().addLast("tls", h);
                        }
                        ch.pipeline().addLast("lines", new LineBasedFrameDecoder(TransferProtocol.MAX_REPLY_BYTES));
                        ch.pipeline().addLast("replies", replies);
                    }
                });
        ChannelFuture cf = b.connect(config.host(), config.port()).awaitUninterruptibly();
        if (!cf.isSuccess()) {
            throw new TransferException(Reason.IO, "cannot connect to " + config.host() + ":" + config.port() + ": "
                    + ConnectFailure.describe(cf.cause()), cf.cause());
        }
        Channel ch = cf.channel();
        SslHandler h = ch.pipeline().get(SslHandler.class);
        if (h != null) {
            Future<Channel> hs = h.handshakeFuture().awaitUninterruptibly();
            if (!hs.isSuccess()) {
                ch.close();
                Throwable c = hs.cause();
                if (c instanceof SslHandshakeTimeoutException) {
                    // A silent receiver is a timeout, not a certificate problem.
                    throw new TransferException(Reason.TIMEOUT, "no TLS handshake from " + config.host() + ":"
                            + config.port() + " within " + config.replyTimeout().toMillis() + " ms", c);
                }
                String refusal = CertificateRefusal.describe(c, config.credentials().leaf());
                if (refusal != null) {
                    throw new TransferException(Reason.UNAUTHORIZED, refusal, c);
                }
                throw new TransferException(Reason.TLS, "TLS handshake with " + config.host() + " failed: "
                        + (c.getCause() != null ? c.getCause().getMessage() : c.getMessage()), c);
            }
        }
        return ch;
    }
}
