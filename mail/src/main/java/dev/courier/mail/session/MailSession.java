package dev.courier.mail.session;

import java.time.Instant;

/** A logged-in session: its id, whose it is, and when it was last used. */
public final class MailSession {
    private final String id;
    private final long accountId;
    private final String user;
    private volatile Instant lastUsed;

    MailSession(String id, long accountId, String user, Instant now) {
        this.id = id;
        this.accountId = accountId;
        this.user = user;
        this.lastUsed = now;
    }

    /** The session id: 32 lowercase hex digits. */
    public String id() {
        return id;
    }

    /** The account's id (a re-added name gets a new one, so old sessions do not carry over). */
    public long accountId() {
        return accountId;
    }

    /** The account's canonical name. */
    public String user() {
        return user;
    }

    /** When a request last used the session. */
    public Instant lastUsed() {
        return lastUsed;
    }

    void touch(Instant now) {
        lastUsed = now;
    }

    @Override
    public String toString() {
        // The id is a bearer secret: show only its start.
        return "MailSession[" + id.substring(0, 6) + "..., " + user + "]";
    }
}
