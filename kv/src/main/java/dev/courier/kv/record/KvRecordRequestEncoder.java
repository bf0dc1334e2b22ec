package dev.courier.kv.record;

import dev.courier.kv.protocol.KvRequest;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import java.util.List;

/**
 * A client's writer of the record dialect: each record of a request ({@link KvRecords#request}) is written and
 * flushed on its own, so it leaves as one TLS record (or RSA block). Over TLS it holds what is written until the
 * handshake has completed: the SslHandler wraps writes made before then together, which would join the CONNECT line
 * and the hash into one record.
 */
public final class KvRecordRequestEncoder extends ChannelDuplexHandler {
    private record Held(byte[] record, ChannelPromise promise) {
    }

    private final ArrayDeque<Held> held = new ArrayDeque<>();
    private boolean ready;

    /** {@code waitForTls}: hold records until the TLS handshake completes (false for the RSA front door). */
    public KvRecordRequestEncoder(boolean waitForTls) {
        this.ready = !waitForTls;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof KvRequest r)) {
            ctx.write(msg, promise);
            return;
        }
        List<byte[]> records = KvRecords.request(r);
        for (int i = 0; i < records.size(); i++) {
            // The request's promise goes with its last record.
            ChannelPromise p = i == records.size() - 1 ? promise : ctx.voidPromise();
            if (ready) {
                send(ctx, records.get(i), p);
            } else {
                held.add(new Held(records.get(i), p));
            }
        }
    }

    private static void send(ChannelHandlerContext ctx, byte[] record, ChannelPromise promise) {
        ctx.write(Unpooled.wrappedBuffer(record), promise);
        ctx.flush();
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        if (ready) {
            ctx.flush();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof SslHandshakeCompletionEvent e && e.isSuccess() && !ready) {
            ready = true;
            Held h;
            while ((h = held.poll()) != null) {
                send(ctx, h.record(), h.promise());
            }
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        Held h;
        while ((h = held.poll()) != null) {
            h.promise().tryFailure(new ClosedChannelException());
        }
        super.channelInactive(ctx);
    }
}
