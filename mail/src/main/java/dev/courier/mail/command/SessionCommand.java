package dev.courier.mail.command;

import dev.courier.mail.protocol.MailReply;
import dev.courier.mail.protocol.MailRequest;
import dev.courier.mail.session.MailSession;
import java.util.concurrent.CompletableFuture;

/** The behaviour of one command of a logged-in session; store work happens off the event loop. */
public interface SessionCommand<R extends MailRequest.SessionRequest> {
    /** Executes {@code request} for {@code session}; the future never fails (failures become replies). */
    CompletableFuture<MailReply> execute(R request, MailSession session);
}
