package dev.courier.kv.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import java.nio.charset.StandardCharsets;

/** Writes KV replies as the spec fixes their bytes. */
@Sharable
public final class KvReplyEncoder extends MessageToByteEncoder<KvReply> {
    private static final byte[] GET_PREFIX = "GET ".getBytes(StandardCharsets.US_ASCII);
    private final Edition edition;

    /** An encoder for replies of {@code edition}. */
    public KvReplyEncoder(Edition edition) {
        super(KvReply.class);
        this.edition = edition;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, KvReply msg, ByteBuf out) {
        write(msg, edition, out);
    }

    /** Appends the bytes of {@code reply} in {@code edition} to {@code out}. */
    public static void write(KvReply reply, Edition edition, ByteBuf out) {
        if (reply instanceof KvReply.Status s) {
            out.writeBytes(s.wire());
        } else if (reply instanceof KvReply.Value v) {
            if (edition == Edition.RSA) {
                out.writeBytes(v.value()).writeByte('\n');
            } else {
                out.writeBytes(GET_PREFIX).writeBytes(v.value()).writeByte('\n');
                out.writeCharSequence(Long.toString(v.crc()), StandardCharsets.US_ASCII);
                out.writeByte('\n');
            }
        } else {
            throw new IllegalArgumentException("unknown reply " + reply);
        }
    }
}
