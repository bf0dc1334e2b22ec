package dev.courier.kv.protocol;

import dev.courier.kv.KvLimits;
import java.util.Optional;

/**
 * The rules a request must keep for the server to take it (spec sections 2-5), in one place for both sides: the
 * server's decoder and PUT use them to judge what arrives, and the client uses them to refuse, before anything is
 * sent, a request the server would treat as a violation (which erases the whole session) or refuse.
 */
public final class KvRequestRules {
    /** What every key, value and client id may hold, for messages to people. */
    public static final String ALLOWED = "ASCII characters 0x01-0x7F (no line feed)";

    private KvRequestRules() {
    }

    /**
     * Why the server would not take {@code r} under a message limit of {@code maxMessageBytes}, or empty if it
     * would. Values are checked byte by byte; use {@link #textProblem} on text before turning it into bytes.
     */
    public static Optional<String> problem(KvRequest r, int maxMessageBytes) {
        if (r instanceof KvRequest.Connect c) {
            if (c.clientId().isEmpty()) {
                return Optional.of("the client id is empty; it must hold at least one character");
            }
            return textProblem("the client id", c.clientId())
                    .or(() -> lineProblem(KvVerbs.CONNECT, c.clientId(), maxMessageBytes))
                    .or(() -> c.hash() != null && c.hash().length != KvRequestDecoder.HASH_BYTES
                            ? Optional.of("the password hash must be " + KvRequestDecoder.HASH_BYTES + " bytes")
                            : Optional.empty());
        }
        if (r instanceof KvRequest.Put p) {
            int maxValue = maxMessageBytes - KvLimits.GET_REPLY_OVERHEAD;
            return textProblem("the key", p.key())
                    .or(() -> lineProblem(KvVerbs.PUT, p.key(), maxMessageBytes))
                    .or(() -> p.value().length > maxValue
                            ? Optional.of("the value is " + p.value().length + " bytes; a value may hold at most "
                                    + maxValue + " (its GET answer must fit the " + maxMessageBytes
                                    + "-byte message limit)")
                            : Optional.empty())
                    .or(() -> bytesProblem("the value", p.value()));
        }
        if (r instanceof KvRequest.Get g) {
            return textProblem("the key", g.key()).or(() -> lineProblem(KvVerbs.GET, g.key(), maxMessageBytes));
        }
        if (r instanceof KvRequest.Delete d) {
            return textProblem("the key", d.key()).or(() -> lineProblem(KvVerbs.DELETE, d.key(), maxMessageBytes));
        }
        if (r instanceof KvRequest.Disconnect) {
            return Optional.empty();
        }
        return Optional.of("a " + r.getClass().getSimpleName() + " is not a request a client can send");
    }

    /** Why {@code text} (a key, a value, an id) cannot be sent: a character outside 0x01-0x7F, or empty. */
    public static Optional<String> textProblem(String what, CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!allowed(c)) {
                return Optional.of(what + " holds " + describe(c) + " at position " + (i + 1) + "; keys and values "
                        + "may hold only " + ALLOWED);
            }
        }
        return Optional.empty();
    }

    private static Optional<String> bytesProblem(String what, byte[] b) {
        for (int i = 0; i < b.length; i++) {
            if (!allowed((char) (b[i] & 0xFF))) {
                return Optional.of(what + " holds the byte 0x" + String.format("%02X", b[i] & 0xFF) + " at position "
                        + (i + 1) + "; keys and values may hold only " + ALLOWED);
            }
        }
        return Optional.empty();
    }

    private static Optional<String> lineProblem(KvVerbs.Verb verb, String argument, int maxMessageBytes) {
        int prefix = verb.name().length() + 1;
        int length = prefix + argument.length() + 1;
        if (length > maxMessageBytes) {
            return Optional.of("the " + verb.name() + " message would be " + length + " bytes with its line feed; "
                    + "a message may be at most " + maxMessageBytes + " (so a " + verb.name().toLowerCase(java.util.Locale.ROOT) + " "
                    + (verb == KvVerbs.CONNECT ? "id" : "key") + " at most " + (maxMessageBytes - 1 - prefix) + ")");
        }
        return Optional.empty();
    }

    /** Whether a key, value or id may hold {@code c}: 0x01-0x7F except the line feed that ends messages. */
    public static boolean allowed(char c) {
        return c != 0 && c <= 0x7F && c != '\n';
    }

    /**
     * Whether every character of a key read from the wire may be stored: 0x01-0x7F but LF (a line never holds one;
     * a record of the record dialect might).
     */
    public static boolean inRange(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0 || c > 0x7F || c == '\n') {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether every byte of a value read from the wire may be stored: 0x01-0x7F but LF (the record dialect's PUT
     * record may carry one after the LF that ends its key; its GET answer could not be read back).
     */
    public static boolean inRange(byte[] b) {
        for (byte x : b) {
            if (x <= 0 || x == '\n') {
                return false;
            }
        }
        return true;
    }

    /** Whether a client id read from the wire is valid: one or more bytes 0x01-0x7F. */
    public static boolean validClientId(String id) {
        return !id.isEmpty() && inRange(id);
    }

    private static String describe(char c) {
        if (c == '\n') {
            return "a line feed";
        }
        if (c < 0x20 || c == 0x7F) {
            return String.format("the control character 0x%02X", (int) c);
        }
        return String.format("'%c' (U+%04X)", c, (int) c);
    }
}
