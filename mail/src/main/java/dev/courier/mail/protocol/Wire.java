package dev.courier.mail.protocol;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Fixed words and formats of the mail protocol, in one place. */
public final class Wire {
    /** Separates payload and checksum (the last one on the line). */
    public static final byte CHECKSUM_MARK = '#';
    /** Ends every line. */
    public static final byte LF = '\n';
    /** Starts the answer to a good login. */
    public static final String SESSION_STARTED = "Session Started";
    /** Starts every successful command's answer. */
    public static final String OK = "OK";
    /** Starts every error. */
    public static final String ERR = "ERR";
    /** The answer to a request whose checksum failed. */
    public static final String KO = "KO";
    /** Starts each message line of a listing. */
    public static final String MSG = "MSG";
    /** Second field of email's answer. */
    public static final String SENT = "sent";
    /** Second field of delmsg's answer. */
    public static final String DELETED = "deleted";
    /** Second field of logoff's answer. */
    public static final String BYE = "bye";
    /** Hex digits of a session id. */
    public static final int SESSION_ID_HEX = 32;

    /** Times are UTC with milliseconds, always the same width: {@code 2024-05-01T12:34:56.789Z}. */
    private static final DateTimeFormatter SENT_AT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Wire() {
    }

    /** The sent-at text of an instant (before field escaping). */
    public static String formatSentAt(Instant t) {
        return SENT_AT.format(t);
    }

    /** Parses a sent-at text (ISO-8601, UTC). */
    public static Instant parseSentAt(String s) {
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not an ISO-8601 UTC time: " + s, e);
        }
    }

    /** Whether {@code b[off, off+len)} is a session id: exactly 32 lowercase hex digits. */
    public static boolean isSessionId(byte[] b, int off, int len) {
        if (len != SESSION_ID_HEX) {
            return false;
        }
        for (int i = off; i < off + len; i++) {
            byte c = b[i];
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code s} is a session id. */
    public static boolean isSessionId(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return s.length() == SESSION_ID_HEX && isSessionId(b, 0, b.length);
    }

    /** A whole line: payload, {@code #}, its checksum, LF. */
    public static byte[] line(String payload) {
        byte[] p = payload.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[p.length + 1 + Checksum.HEX_LENGTH + 1];
        System.arraycopy(p, 0, out, 0, p.length);
        out[p.length] = CHECKSUM_MARK;
        System.arraycopy(Checksum.hex(p, 0, p.length), 0, out, p.length + 1, Checksum.HEX_LENGTH);
        out[out.length - 1] = LF;
        return out;
    }

    /** Bytes a line of this payload takes, LF included. */
    public static int lineLength(int payloadBytes) {
        return payloadBytes + 1 + Checksum.HEX_LENGTH + 1;
    }
}
