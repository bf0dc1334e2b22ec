package dev.courier.mail.command;

import dev.courier.mail.account.UserNames;
import dev.courier.mail.protocol.ErrorCode;
import dev.courier.mail.protocol.MailMessage;
import dev.courier.mail.protocol.MailReply;
import dev.courier.mail.protocol.MailReplyEncoder;
import dev.courier.mail.protocol.MailRequest;
import dev.courier.mail.protocol.Wire;
import dev.courier.mail.session.MailSession;
import dev.courier.mail.store.NewMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * {@code email}: checks the message, takes one from the sender's rate bucket, and hands it to group commit; the
 * reply {@code OK:sent:id} is written only after the transaction holding the message is durable.
 */
public final class EmailCommand implements SessionCommand<MailRequest.Email> {
    private final MailContext ctx;

    /** An email command over the server's shared state. */
    public EmailCommand(MailContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public CompletableFuture<MailReply> execute(MailRequest.Email email, MailSession session) {
        if (email.subject().indexOf('\0') >= 0 || email.body().indexOf('\0') >= 0) {
            return done(new MailReply.Error(ErrorCode.BAD_REQUEST, "a subject or body cannot hold the NUL character"));
        }
        Optional<String> recipient = UserNames.normalize(email.recipient());
        if (recipient.isEmpty()) {
            return done(noSuchUser(email.recipient()));
        }
        Instant now = ctx.clock().instant();
        if (!fitsOneLine(session.user(), now, email.subject(), email.body())) {
            return done(Replies.limit("message too large; its MSG line would pass the " + ctx.limits().maxLineBytes()
                    + "-byte line limit", ctx));
        }
        if (!ctx.sendRate().tryAcquire(session.accountId())) {
            return done(Replies.limit("at most " + ctx.sendRate().perMinute() + " messages per minute", ctx));
        }
        NewMessage m = new NewMessage(session.accountId(), session.user(), recipient.get(), now, email.subject(),
                email.body());
        return ctx.store().deliver(m).thenApply(d -> {
            switch (d.outcome()) {
                case DELIVERED -> {
                    ctx.stats().sent.increment();
                    return (MailReply) new MailReply.Sent(d.messageId());
                }
                case NO_SUCH_RECIPIENT -> {
                    return noSuchUser(recipient.get());
                }
                case MAILBOX_FULL -> {
                    return Replies.limit("the mailbox of " + recipient.get() + " is full", ctx);
                }
                case SENDER_GONE -> {
                    ctx.sessions().end(session.id());
                    return Replies.NO_SESSION;
                }
                default -> throw new IllegalStateException(d.outcome().name());
            }
        }).exceptionally(t -> Replies.failure(t, ctx));
    }

    /** Whether the message's {@code MSG} line, with the longest possible id, stays within the line limit. */
    private boolean fitsOneLine(String sender, Instant now, String subject, String body) {
        MailMessage widest = new MailMessage(Long.MAX_VALUE, sender, now, subject, body);
        int payload = MailReplyEncoder.messageLine(widest).getBytes(StandardCharsets.UTF_8).length;
        return Wire.lineLength(payload) <= ctx.limits().maxLineBytes();
    }

    static MailReply.Error noSuchUser(String name) {
        return new MailReply.Error(ErrorCode.NO_SUCH_USER, "no user named '" + name + "'");
    }

    private static CompletableFuture<MailReply> done(MailReply r) {
        return CompletableFuture.completedFuture(r);
    }
}
