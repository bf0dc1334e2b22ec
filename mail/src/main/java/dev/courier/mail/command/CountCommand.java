package dev.courier.mail.command;

import dev.courier.mail.protocol.MailReply;
import dev.courier.mail.protocol.MailRequest;
import dev.courier.mail.session.MailSession;
import java.util.concurrent.CompletableFuture;

/** {@code count}: {@code OK:n}, the messages in my inbox (kept with the account, so no scan). */
public final class CountCommand implements SessionCommand<MailRequest.Count> {
    private final MailContext ctx;

    /** A count command over the server's shared state. */
    public CountCommand(MailContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public CompletableFuture<MailReply> execute(MailRequest.Count count, MailSession session) {
        return ctx.store().submit(s -> s.count(session.accountId())).thenApply(n -> {
            if (n.isEmpty()) {
                ctx.sessions().end(session.id());
                return (MailReply) Replies.NO_SESSION;
            }
            return new MailReply.Count(n.getAsLong());
        }).exceptionally(t -> Replies.failure(t, ctx));
    }
}
