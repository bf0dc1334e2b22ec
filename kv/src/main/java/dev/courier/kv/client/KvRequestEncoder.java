package dev.courier.kv.client;

import dev.courier.kv.protocol.KvRequest;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import java.nio.charset.StandardCharsets;

/** Writes KV requests as a client sends them (the mirror of the server's decoder). */
@Sharable
public final class KvRequestEncoder extends MessageToByteEncoder<KvRequest> {
    /** The one instance; it keeps no state. */
    public static final KvRequestEncoder INSTANCE = new KvRequestEncoder();

    private KvRequestEncoder() {
        super(KvRequest.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, KvRequest msg, ByteBuf out) {
        write(msg, out);
    }

    /** Appends the bytes of {@code r} to {@code out}. */
    public static void write(KvRequest r, ByteBuf out) {
        if (r instanceof KvRequest.Connect c) {
            line(out, "CONNECT ", c.clientId());
            if (c.hash() != null) {
                out.writeBytes(c.hash());
            }
        } else if (r instanceof KvRequest.Put p) {
            line(out, "PUT ", p.key());
            out.writeBytes(p.value()).writeByte('\n');
        } else if (r instanceof KvRequest.Get g) {
            line(out, "GET ", g.key());
        } else if (r instanceof KvRequest.Delete d) {
            line(out, "DELETE ", d.key());
        } else if (r instanceof KvRequest.Disconnect) {
            out.writeCharSequence("DISCONNECT\n", StandardCharsets.US_ASCII);
        } else {
            throw new IllegalArgumentException("cannot send " + r);
        }
    }

    private static void line(ByteBuf out, String verb, String arg) {
        out.writeCharSequence(verb, StandardCharsets.US_ASCII);
        out.writeCharSequence(arg, StandardCharsets.ISO_8859_1);
        out.writeByte('\n');
    }
}
