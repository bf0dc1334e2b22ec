package dev.courier.kv.record;

import dev.courier.kv.protocol.Edition;
import dev.courier.kv.protocol.KvReply;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;

/**
 * Writes each KV reply as one record of the record dialect and flushes it on its own: the SslHandler wraps what is
 * queued at a flush into as few records as it can, so two replies flushed together would share a record, which a
 * reader of this dialect takes as one message. (The RSA front door seals each write as its own block.)
 */
public final class KvRecordReplyEncoder extends ChannelOutboundHandlerAdapter {
    private final Edition edition;

    /** An encoder for replies of {@code edition}. */
    public KvRecordReplyEncoder(Edition edition) {
        this.edition = edition;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof KvReply reply)) {
            ctx.write(msg, promise);
            return;
        }
        ctx.write(Unpooled.wrappedBuffer(KvRecords.reply(reply, edition)), promise);
        ctx.flush();
    }
}
