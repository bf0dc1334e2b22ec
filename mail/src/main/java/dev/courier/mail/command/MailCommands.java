package dev.courier.mail.command;

import dev.courier.mail.MailStats;
import dev.courier.mail.protocol.ErrorCode;
import dev.courier.mail.protocol.MailReply;
import dev.courier.mail.protocol.MailRequest;
import dev.courier.mail.session.MailSession;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Routes each decoded request to its command: checksum failures to {@code KO}, logins to {@link LoginCommand},
 * everything naming a session to the session's command once the session is known. The returned future never
 * fails.
 */
public final class MailCommands {
    private static final CompletableFuture<MailReply> KO = CompletableFuture.completedFuture(new MailReply.Ko());

    private final MailContext ctx;
    private final LoginCommand login;
    private final EmailCommand email;
    private final CountCommand count;
    private final ListCommand list;
    private final DelMsgCommand delmsg;

    /** The commands of one server. */
    public MailCommands(MailContext ctx) {
        this.ctx = ctx;
        this.login = new LoginCommand(ctx);
        this.email = new EmailCommand(ctx);
        this.count = new CountCommand(ctx);
        this.list = new ListCommand(ctx);
        this.delmsg = new DelMsgCommand(ctx);
    }

    /** The answer to a request line the memory budget would not let the server go on receiving. */
    public static final String NO_MEMORY_TEXT = "server busy, no memory to receive this line; try again later";

    /** Handles one request from the peer at {@code address}, charging what it holds to {@code memory}. */
    public CompletableFuture<MailReply> handle(MailRequest request, String address, ConnectionMemory memory) {
        if (request instanceof MailRequest.ChecksumFailure) {
            ctx.stats().checksumFailures.increment();
            return KO;
        }
        if (request instanceof MailRequest.TooLong t) {
            ctx.stats().tooLong.increment();
            return done(Replies.limit("line longer than " + t.maxLineBytes() + " bytes", ctx));
        }
        if (request instanceof MailRequest.NoMemory) {
            ctx.stats().memoryRefused.increment();
            return done(Replies.limit(NO_MEMORY_TEXT, ctx));
        }
        if (request instanceof MailRequest.Login l) {
            return counted(login.execute(l, address), MailStats.Command.LOGIN);
        }
        if (request instanceof MailRequest.Malformed m) {
            if (m.sessionId() != null && ctx.sessions().use(m.sessionId()).isEmpty()) {
                return done(Replies.NO_SESSION);
            }
            return done(new MailReply.Error(ErrorCode.BAD_REQUEST, m.reason()));
        }
        MailRequest.SessionRequest sr = (MailRequest.SessionRequest) request;
        Optional<MailSession> session = ctx.sessions().use(sr.sessionId());
        if (session.isEmpty()) {
            return done(Replies.NO_SESSION);
        }
        ctx.stats().commands.increment();
        MailSession s = session.get();
        if (sr instanceof MailRequest.Email e) {
            return counted(email.execute(e, s), MailStats.Command.EMAIL);
        } else if (sr instanceof MailRequest.Count c) {
            return counted(count.execute(c, s), MailStats.Command.COUNT);
        } else if (sr instanceof MailRequest.Dump || sr instanceof MailRequest.GetMsg) {
            return counted(list.execute(sr, s, memory),
                    sr instanceof MailRequest.Dump ? MailStats.Command.DUMP : MailStats.Command.GETMSG);
        } else if (sr instanceof MailRequest.DelMsg d) {
            return counted(delmsg.execute(d, s), MailStats.Command.DELMSG);
        } else if (sr instanceof MailRequest.Logoff) {
            ctx.sessions().end(s.id());
            ctx.stats().count(MailStats.Command.LOGOFF, true);
            return done(new MailReply.Bye());
        }
        throw new IllegalArgumentException("unknown request " + request);
    }

    /** Counts {@code reply}'s answer to {@code command} once it is there: {@code ERR} is an error, the rest ok. */
    private CompletableFuture<MailReply> counted(CompletableFuture<MailReply> reply, MailStats.Command command) {
        if (reply.isDone() && !reply.isCompletedExceptionally()) {
            ctx.stats().count(command, !(reply.join() instanceof MailReply.Error));
            return reply;
        }
        return reply.whenComplete((r, e) -> ctx.stats().count(command, e == null && !(r instanceof MailReply.Error)));
    }

    private static CompletableFuture<MailReply> done(MailReply r) {
        return CompletableFuture.completedFuture(r);
    }
}
