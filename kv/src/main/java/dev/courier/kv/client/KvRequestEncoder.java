package dev.courier.kv.client;

import dev.courier.kv.protocol.KvRequest;
import dev.courier.kv.protocol.KvVerbs;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Writes KV requests as a client sends them (the mirror of the server's decoder), spelling each verb through
 * {@link KvVerbs}, the registry the decoder reads them by. It does not judge requests: the client checks them
 * with {@code KvRequestRules} before they get here.
 */
@Sharable
public final class KvRequestEncoder extends MessageToByteEncoder<KvRequest> {
    /** The one instance; it keeps no state. */
    public static final KvRequestEncoder INSTANCE = new KvRequestEncoder();
    // The prefixes once, not per request: this is the benchmark's hot path.
    private static final byte[] CONNECT = KvVerbs.CONNECT.prefix();
    private static final byte[] PUT = KvVerbs.PUT.prefix();
    private static final byte[] GET = KvVerbs.GET.prefix();
    private static final byte[] DELETE = KvVerbs.DELETE.prefix();
    private static final byte[] DISCONNECT = KvVerbs.DISCONNECT.prefix();

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
            line(out, CONNECT, c.clientId());
            if (c.hash() != null) {
                out.writeBytes(c.hash());
            }
        } else if (r instanceof KvRequest.Put p) {
            line(out, PUT, p.key());
            out.writeBytes(p.value()).writeByte('\n');
        } else if (r instanceof KvRequest.Get g) {
            line(out, GET, g.key());
        } else if (r instanceof KvRequest.Delete d) {
            line(out, DELETE, d.key());
        } else if (r instanceof KvRequest.Disconnect) {
            out.writeBytes(DISCONNECT).writeByte('\n');
        } else {
            throw new IllegalArgumentException("cannot send " + r);
        }
    }

    private static void line(ByteBuf out, byte[] prefix, String arg) {
        out.writeBytes(prefix);
        out.writeCharSequence(arg, StandardCharsets.ISO_8859_1);
        out.writeByte('\n');
    }
}
