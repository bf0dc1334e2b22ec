package dev.courier.transfer.client;

import dev.courier.transfer.TransferException;
import dev.courier.transfer.TransferException.Reason;
import dev.courier.transfer.protocol.TransferReply;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/** Hands the receiver's reply lines from the event loop to the blocking sender, in order. */
final class ReplyQueue extends SimpleChannelInboundHandler<ByteBuf> {
    private static final Object CLOSED = new Object();
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private volatile X509Certificate clientCertificate;
    private volatile boolean answered;

    /** The client certificate the sender offers (null: none): says how a TLS alert is read. */
    void clientCertificate(X509Certificate offered) {
        this.clientCertificate = offered;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf line) {
        String s = line.toString(StandardCharsets.US_ASCII);
        try {
            queue.add(TransferReply.parse(s));
            answered = true;
        } catch (IllegalArgumentException e) {
            queue.add(new TransferException(Reason.PROTOCOL, "unexpected reply from the receiver: " + e.getMessage()));
            ctx.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        queue.add(CLOSED);
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable c = cause.getCause() != null && !(cause instanceof SSLException) ? cause.getCause() : cause;
        String refusal = c instanceof SSLException ? CertificateRefusal.describe(c, clientCertificate) : null;
        if (refusal != null) {
            queue.add(new TransferException(Reason.UNAUTHORIZED, refusal, c));
        } else if (c instanceof SSLException) {
            queue.add(new TransferException(Reason.TLS, "TLS failed: " + c.getMessage(), c));
        } else if (c instanceof TooLongFrameException) {
            queue.add(new TransferException(Reason.PROTOCOL, "reply line too long", c));
        } else {
            queue.add(new TransferException(Reason.IO, "connection failed: " + c.getMessage(), c));
        }
        ctx.close();
    }

    /** Whether the receiver sent at least one reply of the protocol on this connection. */
    boolean answered() {
        return answered;
    }

    /** The failure (TLS, I/O, protocol) queued before the connection closed, or null. */
    TransferException failure() {
        for (Object o : queue) {
            if (o instanceof TransferException e) {
                return e;
            }
        }
        return null;
    }

    /** The reason of an {@code ERR} waiting at the head of the queue, or null. */
    String refusal() {
        return queue.peek() instanceof TransferReply.Err e ? e.reason() : null;
    }

    /** The next reply, waiting at most {@code timeout}. */
    TransferReply next(Duration timeout) throws TransferException {
        Object o;
        try {
            o = queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransferException(Reason.IO, "interrupted while waiting for a reply", e);
        }
        if (o == null) {
            throw new TransferException(Reason.TIMEOUT, "no reply within " + timeout.toMillis() + " ms");
        }
        if (o == CLOSED) {
            queue.add(CLOSED);
            throw new TransferException(Reason.CLOSED, "the receiver closed the connection");
        }
        if (o instanceof TransferException e) {
            throw new TransferException(e.reason(), e.getMessage(), e.getCause());
        }
        return (TransferReply) o;
    }
}
