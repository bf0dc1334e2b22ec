package dev.courier.mail.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.util.List;
import java.util.Locale;

/**
 * Turns one line (without its LF) into a {@link MailRequest}: checks the checksum after the last {@code #},
 * splits the payload into fields, unescapes them and recognises the request (spec sections 1-4).
 */
@Sharable
public final class MailRequestDecoder extends MessageToMessageDecoder<ByteBuf> {
    /** The one instance; it keeps no state. */
    public static final MailRequestDecoder INSTANCE = new MailRequestDecoder();

    private MailRequestDecoder() {
        super(ByteBuf.class);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf msg, List<Object> out) {
        out.add(parse(ByteBufUtil.getBytes(msg)));
    }

    /** Reads one line, its LF removed. A single CR before the LF is ignored (lines typed at a terminal). */
    public static MailRequest parse(byte[] line) {
        int len = line.length;
        if (len > 0 && line[len - 1] == '\r') {
            len--;
        }
        int mark = lastIndexOf(line, len, Wire.CHECKSUM_MARK);
        if (mark < 0 || !Checksum.matches(line, mark + 1, len - mark - 1, Checksum.hex(line, 0, mark))) {
            return new MailRequest.ChecksumFailure();
        }
        List<byte[]> raw = Fields.splitRaw(line, 0, mark);
        String first;
        try {
            first = Fields.unescape(raw.get(0));
        } catch (Fields.MalformedFieldException e) {
            return new MailRequest.Malformed(null, e.getMessage());
        }
        // The field's value decides, not its spelling: an escaped digit still makes a session id (found by
        // fuzzing: "%30123...", read as a login, named a user the client would have sent as a command).
        if (Wire.isSessionId(first)) {
            return command(first, raw);
        }
        if (raw.size() != 2) {
            return new MailRequest.Malformed(null, "a login is user:password, a command session-id:command");
        }
        try {
            return new MailRequest.Login(first, Fields.unescape(raw.get(1)));
        } catch (Fields.MalformedFieldException e) {
            return new MailRequest.Malformed(null, e.getMessage());
        }
    }

    private static MailRequest command(String sid, List<byte[]> raw) {
        if (raw.size() < 2) {
            return new MailRequest.Malformed(sid, "missing command after the session id");
        }
        String[] f = new String[raw.size() - 2];
        String name;
        try {
            name = Fields.unescape(raw.get(1)).toLowerCase(Locale.ROOT);
            for (int i = 0; i < f.length; i++) {
                f[i] = Fields.unescape(raw.get(i + 2));
            }
        } catch (Fields.MalformedFieldException e) {
            return new MailRequest.Malformed(sid, e.getMessage());
        }
        MailVerb verb = MailVerb.byName(name);
        if (verb == null) {
            return new MailRequest.Malformed(sid, "unknown command '" + name + "'; commands are " + MailVerb.names());
        }
        if (f.length != verb.fields().size()) {
            return new MailRequest.Malformed(sid, verb.usage());
        }
        return verb.build(sid, f);
    }

    private static int lastIndexOf(byte[] b, int len, byte c) {
        for (int i = len - 1; i >= 0; i--) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }
}
