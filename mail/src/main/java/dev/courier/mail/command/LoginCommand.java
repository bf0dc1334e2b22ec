package dev.courier.mail.command;

import dev.courier.core.auth.LoginThrottle;
import dev.courier.mail.account.Passwords;
import dev.courier.mail.account.UserNames;
import dev.courier.mail.protocol.ErrorCode;
import dev.courier.mail.protocol.MailReply;
import dev.courier.mail.protocol.MailRequest;
import dev.courier.mail.session.MailSession;
import dev.courier.mail.store.Account;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * {@code user:password}: looks the account up on a store thread, checks the password with PBKDF2 on the password
 * executor (an unknown user is checked against a decoy, so both refusals cost the same), then starts a session.
 * Failures are throttled per user and per address.
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

    /** Runs a login from the peer at {@code address}. */
    public CompletableFuture<MailReply> execute(MailRequest.Login login, String address) {
        Optional<String> name = UserNames.normalize(login.user());
        String userKey = "user:" + name.orElse(login.user().toLowerCase(Locale.ROOT));
        String addrKey = "ip:" + address;
        LoginThrottle throttle = ctx.throttle();
        if (throttle.blocked(userKey) || throttle.blocked(addrKey)) {
            ctx.stats().throttled.increment();
            ctx.stats().loginsRefused.increment();
            return CompletableFuture.completedFuture(THROTTLED);
        }
        CompletableFuture<Optional<Account>> account = name.isEmpty()
                ? CompletableFuture.completedFuture(Optional.empty())
                : ctx.store().submit(s -> s.account(name.get()));
        return account
                .thenApplyAsync(a -> check(a, login.password()), ctx.passwords())
                .thenApply(a -> {
                    if (a.isEmpty()) {
                        throttle.failure(userKey);
                        throttle.failure(addrKey);
                        ctx.stats().loginsRefused.increment();
                        return (MailReply) REFUSED;
                    }
                    throttle.success(userKey);
                    Optional<MailSession> s = ctx.sessions().start(a.get().id(), a.get().name());
                    if (s.isEmpty()) {
                        return Replies.limit("too many sessions on this server; try again later", ctx);
                    }
                    ctx.stats().loginsOk.increment();
                    return new MailReply.SessionStarted(s.get().id());
                })
                .exceptionally(t -> Replies.failure(t, ctx));
    }

    /** The account if the password is its own; runs PBKDF2, so never on an event loop. */
    private Optional<Account> check(Optional<Account> account, String password) {
        char[] pw = password.toCharArray();
        try {
            boolean ok = Passwords.verify(pw, account.map(Account::password).orElse(ctx.decoy()));
            return ok ? account : Optional.empty();
        } finally {
            Arrays.fill(pw, '\0');
        }
    }
}
