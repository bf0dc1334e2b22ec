package dev.courier.mail.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/** Writes mail replies as lines with their checksums. */
@Sharable
public final class MailReplyEncoder extends MessageToByteEncoder<MailReply> {
    /** The one instance; it keeps no state. */
    public static final MailReplyEncoder INSTANCE = new MailReplyEncoder();

    private MailReplyEncoder() {
        super(MailReply.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, MailReply msg, ByteBuf out) {
        write(msg, out);
    }

    /** Appends the line(s) of {@code reply} to {@code out}. */
    public static void write(MailReply reply, ByteBuf out) {
        if (reply instanceof MailReply.Listing l) {
            out.writeBytes(Wire.line(Wire.OK + ":" + l.messages().size()));
            for (MailMessage m : l.messages()) {
                out.writeBytes(Wire.line(messageLine(m)));
            }
        } else {
            out.writeBytes(Wire.line(payload(reply)));
        }
    }

    /** The payload of a one-line reply. */
    public static String payload(MailReply reply) {
        if (reply instanceof MailReply.SessionStarted s) {
            return Wire.SESSION_STARTED + ":" + s.sessionId();
        } else if (reply instanceof MailReply.Sent s) {
            return Wire.OK + ":" + Wire.SENT + ":" + s.messageId();
        } else if (reply instanceof MailReply.Count c) {
            return Wire.OK + ":" + c.messages();
        } else if (reply instanceof MailReply.Deleted d) {
            return Wire.OK + ":" + Wire.DELETED + ":" + d.messages();
        } else if (reply instanceof MailReply.Bye) {
            return Wire.OK + ":" + Wire.BYE;
        } else if (reply instanceof MailReply.Ko) {
            return Wire.KO;
        } else if (reply instanceof MailReply.Error e) {
            return Wire.ERR + ":" + e.code().wire() + ":" + Fields.escape(e.text());
        }
        throw new IllegalArgumentException("not a one-line reply: " + reply);
    }

    /** The payload of a message line: {@code MSG:id:sender:sent-at:subject:body}. */
    public static String messageLine(MailMessage m) {
        return Wire.MSG + ":" + m.id() + ":" + Fields.join(m.sender(), Wire.formatSentAt(m.sentAt()), m.subject(),
                m.body());
    }
}
