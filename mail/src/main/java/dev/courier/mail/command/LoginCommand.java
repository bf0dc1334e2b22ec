package dev.courier.mail.command;

import dev.courier.core.auth.FairExecutor;
import dev.courier.core.auth.LoginThrottle;
import dev.courier.mail.account.UserNames;
import dev.courier.mail.protocol.ErrorCode;
import dev.courier.mail.protocol.MailReply;
import dev.courier.mail.protocol.MailRequest;
import dev.courier.mail.session.MailSessions;
import dev.courier.mail.store.Account;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * {@code user:password}: takes a slot in the throttle for the user and the address (refused unchecked if their
 * failures plus logins in flight reach the limit), looks the account up on a store thread, checks the password
 * on the hashing executor in the address's turn (an unknown user against a decoy of the same cost), then starts
 * a session if the server and the account have room for one.
 */
public final class LoginCommand {
    /** Said for every refused login, so the reply does not tell which part was wrong. */
    public static final MailReply.Error REFUSED = new MailReply.Error(ErrorCode.AUTH, "wrong user name or password");
    /** Said while the throttle holds the user or the address. */
    public static final MailReply.Error THROTTLED = new MailReply.Error(ErrorCode.AUTH,
            "too many failed logins; wait and try again");

    private final MailContext ctx;

    /** A login command over the server's shared state. */
    public LoginCommand(MailContext ctx) {
        this.ctx = ctx;
    }

    /** Runs a login from the peer whose address key (see {@code PeerAddress.keyOf}) is {@code address}. */
    public CompletableFuture<MailReply> execute(MailRequest.Login login, String address) {
        Optional<String> name = UserNames.normalize(login.user());
        String userKey = "user:" + name.orElse(login.user().toLowerCase(Locale.ROOT));
        LoginThrottle.Attempt attempt = ctx.throttle().begin(userKey, "ip:" + address);
        if (attempt == null) {
            ctx.stats().throttled.increment();
            ctx.stats().loginsRefused.increment();
            return CompletableFuture.completedFuture(THROTTLED);
        }
        CompletableFuture<Optional<Account>> account = name.isEmpty()
                ? CompletableFuture.completedFuture(Optional.empty())
                : ctx.store().submit(s -> s.account(name.get()));
        return account
                .thenCompose(a -> ctx.hashing().submit(address, () -> check(a, login.password())))
                .handle((a, t) -> t != null ? unchecked(attempt, t) : finish(attempt, userKey, a));
    }

    private MailReply finish(LoginThrottle.Attempt attempt, String userKey, Optional<Account> account) {
        if (account.isEmpty()) {
            attempt.failed();
            ctx.stats().loginsRefused.increment();
            return REFUSED;
        }
        attempt.succeeded(userKey);
        MailSessions.Start start = ctx.sessions().start(account.get().id(), account.get().name());
        if (start instanceof MailSessions.Start.Started s) {
            ctx.stats().loginsOk.increment();
            return new MailReply.SessionStarted(s.session().id());
        }
        if (start instanceof MailSessions.Start.UserFull u) {
            return Replies.limit("too many sessions for this user (" + u.max() + "); log off one or wait", ctx);
        }
        return Replies.limit("too many sessions on this server; try again later", ctx);
    }

    /** The login was not checked (a full queue, the store failed): the throttle counts nothing. */
    private MailReply unchecked(LoginThrottle.Attempt attempt, Throwable t) {
        attempt.close();
        Throwable c = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        if (c instanceof FairExecutor.KeyFullException) {
            return Replies.limit("too many logins waiting from your address; try again", ctx);
        }
        return Replies.failure(c, ctx);
    }

    /** The account if the password is its own; runs PBKDF2, so never on an event loop. */
    private Optional<Account> check(Optional<Account> account, String password) {
        char[] pw = password.toCharArray();
        try {
            return ctx.passwords().check(pw, account.map(Account::password)) ? account : Optional.empty();
        } finally {
            Arrays.fill(pw, '\0');
        }
    }
}
