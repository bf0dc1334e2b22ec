package dev.courier.mail.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/** Writes requests as a client sends them (the mirror of {@link MailRequestDecoder}). */
@Sharable
public final class MailRequestEncoder extends MessageToByteEncoder<MailRequest> {
    /** The one instance; it keeps no state. */
    public static final MailRequestEncoder INSTANCE = new MailRequestEncoder();

    private MailRequestEncoder() {
        super(MailRequest.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, MailRequest msg, ByteBuf out) {
        out.writeBytes(Wire.line(payload(msg)));
    }

    /** The payload of a request a client may send. */
    public static String payload(MailRequest r) {
        if (r instanceof MailRequest.Login l) {
            return Fields.join(l.user(), l.password());
        } else if (r instanceof MailRequest.Email e) {
            return e.sessionId() + ":" + MailVerb.EMAIL.wire() + ":"
                    + Fields.join(e.recipient(), e.subject(), e.body());
        } else if (r instanceof MailRequest.Count c) {
            return c.sessionId() + ":" + MailVerb.COUNT.wire();
        } else if (r instanceof MailRequest.Dump d) {
            return d.sessionId() + ":" + MailVerb.DUMP.wire();
        } else if (r instanceof MailRequest.GetMsg g) {
            return g.sessionId() + ":" + MailVerb.GETMSG.wire() + ":" + Fields.escape(g.sender());
        } else if (r instanceof MailRequest.DelMsg d) {
            return d.sessionId() + ":" + MailVerb.DELMSG.wire() + ":" + Fields.escape(d.subject());
        } else if (r instanceof MailRequest.Logoff l) {
            return l.sessionId() + ":" + MailVerb.LOGOFF.wire();
        }
        throw new IllegalArgumentException("a client does not send " + r);
    }
}
