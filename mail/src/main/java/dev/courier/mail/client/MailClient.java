package dev.courier.mail.client;

import dev.courier.mail.protocol.MailMessage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * A blocking mail client: one call, one answer. If the connection drops (or is dropped after an integrity error),
 * the next call connects again and goes on with the same session, as the protocol allows.
 */
public final class MailClient implements AutoCloseable {
    private final MailClientConfig config;
    private MailAsyncClient async;
    private String sessionId;

    private MailClient(MailClientConfig config, MailAsyncClient async) {
        this.config = config;
        this.async = async;
    }

    /** Connects (and checks the certificate unless the config says clear text or trust-all). */
    public static MailClient connect(MailClientConfig config) throws MailException {
        return new MailClient(config, await(MailAsyncClient.connect(config), config.timeout()));
    }

    private <T> T call(Function<MailAsyncClient, CompletableFuture<T>> op) throws MailException {
        if (!async.isOpen()) {
            MailException refused = async.takeRefusal();
            if (refused != null) {
                // The server said why it closed before we asked anything: at once, it would say it again.
                throw refused;
            }
            async = await(MailAsyncClient.connect(config), config.timeout());
            if (sessionId != null) {
                async.useSession(sessionId);
            }
        }
        return await(op.apply(async), config.timeout());
    }

    /** Logs in; returns the session id, which later calls use. */
    public String login(String user, String password) throws MailException {
        sessionId = call(c -> c.login(user, password));
        return sessionId;
    }

    /** Goes on with a session started elsewhere. */
    public void useSession(String id) {
        async.useSession(id);
        sessionId = id;
    }

    /** Sends a message; returns its id once the server has stored it durably. */
    public long send(String recipient, String subject, String body) throws MailException {
        return call(c -> c.send(recipient, subject, body));
    }

    /** Messages in my inbox. */
    public long count() throws MailException {
        return call(MailAsyncClient::count);
    }

    /** Every message in my inbox, oldest first. */
    public List<MailMessage> dump() throws MailException {
        return call(MailAsyncClient::dump);
    }

    /** My messages from {@code sender}, oldest first. */
    public List<MailMessage> messagesFrom(String sender) throws MailException {
        return call(c -> c.messagesFrom(sender));
    }

    /** Deletes my messages with exactly this subject; returns how many. */
    public int deleteBySubject(String subject) throws MailException {
        return call(c -> c.deleteBySubject(subject));
    }

    /** Ends the session. */
    public void logoff() throws MailException {
        call(MailAsyncClient::logoff);
        sessionId = null;
    }

    /** The session in use, or null. */
    public String sessionId() {
        return sessionId;
    }

    /** The connection underneath (it changes after a reconnect). */
    public MailAsyncClient async() {
        return async;
    }

    /** Closes the connection; the session lives on at the server until logoff or its timeout. */
    @Override
    public void close() {
        async.close();
    }

    static <T> T await(CompletableFuture<T> f, Duration timeout) throws MailException {
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof MailException m) {
                throw m;
            }
            throw new MailException(MailException.Reason.IO, MailException.describe(e.getCause()), e.getCause());
        } catch (TimeoutException e) {
            throw new MailException(MailException.Reason.TIMEOUT, "no answer within " + timeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MailException(MailException.Reason.IO, "interrupted", e);
        }
    }
}
