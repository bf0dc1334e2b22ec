package dev.courier.mail.command;

import dev.courier.mail.account.UserNames;
import dev.courier.mail.protocol.MailMessage;
import dev.courier.mail.protocol.MailReply;
import dev.courier.mail.protocol.MailRequest;
import dev.courier.mail.session.MailSession;
import dev.courier.mail.store.StoredMessage;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * {@code dump} and {@code getmsg}: {@code OK:n} and n {@code MSG} lines, oldest first. getmsg for a name that is
 * no account and sent me nothing is {@code ERR:no-such-user}; mail from a since-deleted account is still listed.
 * Each message is charged to the connection's memory as it is read from the store; when the budget refuses one,
 * the read stops, everything charged is given back and the answer is {@code ERR:limit:server busy, try again}.
 * The charge of a listing answered stays with the connection (the handler gives it back once written).
 */
public final class ListCommand {
    private static final Object NO_SUCH_SENDER = new Object();
    private final MailContext ctx;

    /** A listing command over the server's shared state. */
    public ListCommand(MailContext ctx) {
        this.ctx = ctx;
    }

    /** Lists for {@code session}, charging {@code memory}; the future never fails (failures become replies). */
    public CompletableFuture<MailReply> execute(MailRequest.SessionRequest request, MailSession session,
                                                ConnectionMemory memory) {
        String sender;
        if (request instanceof MailRequest.GetMsg g) {
            Optional<String> name = UserNames.normalize(g.sender());
            if (name.isEmpty()) {
                return CompletableFuture.completedFuture(EmailCommand.noSuchUser(g.sender()));
            }
            sender = name.get();
        } else if (request instanceof MailRequest.Dump) {
            sender = null;
        } else {
            throw new IllegalArgumentException("not a listing: " + request);
        }
        return ctx.store().submit(s -> {
            Optional<List<StoredMessage>> found = s.messages(session.accountId(), sender,
                    m -> memory.chargeListing(ConnectionMemory.messageCost(m)));
            if (sender != null && found.isPresent() && found.get().isEmpty() && s.account(sender).isEmpty()) {
                return NO_SUCH_SENDER;
            }
            return (Object) found;
        }).thenApply(r -> {
            if (r == NO_SUCH_SENDER) {
                memory.releaseListing(memory.listingBytes());
                return (MailReply) EmailCommand.noSuchUser(sender);
            }
            @SuppressWarnings("unchecked")
            Optional<List<StoredMessage>> found = (Optional<List<StoredMessage>>) r;
            if (found.isEmpty()) {
                memory.releaseListing(memory.listingBytes());
                ctx.sessions().end(session.id());
                return Replies.NO_SESSION;
            }
            return new MailReply.Listing(found.get().stream()
                    .map(m -> new MailMessage(m.id(), m.sender(), m.sentAt(), m.subject(), m.body())).toList());
        }).exceptionally(t -> {
            // Refused by the budget, or the store failed: nothing of this listing is held any longer.
            memory.releaseListing(memory.listingBytes());
            return Replies.failure(t, ctx);
        });
    }
}
