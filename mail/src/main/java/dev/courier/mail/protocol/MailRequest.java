package dev.courier.mail.protocol;

/** A request line, as the decoder read it (or as a client builds it). */
public sealed interface MailRequest {
    /** A request that names a session: every command. */
    sealed interface SessionRequest extends MailRequest {
        /** The session id: 32 lowercase hex digits. */
        String sessionId();
    }

    /** {@code user:password}. */
    record Login(String user, String password) implements MailRequest {
        @Override
        public String toString() {
            return "Login[user=" + user + ", password=(hidden)]";
        }
    }

    /** {@code sid:email:recipient:subject:body}. */
    record Email(String sessionId, String recipient, String subject, String body) implements SessionRequest {
    }

    /** {@code sid:count}. */
    record Count(String sessionId) implements SessionRequest {
    }

    /** {@code sid:dump}. */
    record Dump(String sessionId) implements SessionRequest {
    }

    /** {@code sid:getmsg:sender}. */
    record GetMsg(String sessionId, String sender) implements SessionRequest {
    }

    /** {@code sid:delmsg:subject}. */
    record DelMsg(String sessionId, String subject) implements SessionRequest {
    }

    /** {@code sid:logoff}. */
    record Logoff(String sessionId) implements SessionRequest {
    }

    /**
     * A line whose checksum is right but whose payload is not a request; {@code sessionId} is set when its first
     * field is one, so an unknown session is reported before the bad request.
     */
    record Malformed(String sessionId, String reason) implements MailRequest {
    }

    /** A line whose checksum is missing or wrong: answered {@code KO}, never executed. */
    record ChecksumFailure() implements MailRequest {
    }

    /** A line longer than the limit: answered {@code ERR:limit:}, then the connection is closed. */
    record TooLong(int maxLineBytes) implements MailRequest {
    }

    /**
     * A line the server had no memory to go on receiving (the memory budget refused its bytes): answered
     * {@code ERR:limit:}, then the connection is closed.
     */
    record NoMemory() implements MailRequest {
    }
}
