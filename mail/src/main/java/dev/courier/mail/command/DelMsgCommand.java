package dev.courier.mail.command;

import dev.courier.mail.protocol.ErrorCode;
import dev.courier.mail.protocol.MailReply;
import dev.courier.mail.protocol.MailRequest;
import dev.courier.mail.session.MailSession;
import java.util.concurrent.CompletableFuture;

/** {@code delmsg}: deletes all my messages with exactly that subject; none is {@code ERR:no-such-subject}. */
public final class DelMsgCommand implements SessionCommand<MailRequest.DelMsg> {
    private final MailContext ctx;

    /** A delete command over the server's shared state. */
    public DelMsgCommand(MailContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public CompletableFuture<MailReply> execute(MailRequest.DelMsg del, MailSession session) {
        return ctx.store().submit(s -> s.deleteBySubject(session.accountId(), del.subject())).thenApply(n -> {
            if (n.isEmpty()) {
                ctx.sessions().end(session.id());
                return (MailReply) Replies.NO_SESSION;
            }
            if (n.getAsInt() == 0) {
                return new MailReply.Error(ErrorCode.NO_SUCH_SUBJECT, "no message with that subject");
            }
            return new MailReply.Deleted(n.getAsInt());
        }).exceptionally(t -> Replies.failure(t, ctx));
    }
}
