package dev.courier.transfer.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import java.nio.charset.StandardCharsets;

/** Writes a {@link TransferReply} as its ASCII line. */
@Sharable
public final class TransferReplyEncoder extends MessageToByteEncoder<TransferReply> {
    /** The one instance (it keeps no state). */
    public static final TransferReplyEncoder INSTANCE = new TransferReplyEncoder();

    private TransferReplyEncoder() {
        super(TransferReply.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, TransferReply msg, ByteBuf out) {
        out.writeCharSequence(msg.line(), StandardCharsets.US_ASCII);
    }
}
