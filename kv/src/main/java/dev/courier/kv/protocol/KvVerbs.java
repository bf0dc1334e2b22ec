package dev.courier.kv.protocol;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;

/** The one registry of KV verbs: each name, what follows its line, and how its line becomes a request. */
public final class KvVerbs {
    /** What the decoder reads after a verb's line. */
    public enum Follow {
        /** Nothing: the line is the whole request. */
        NONE,
        /** The 32 raw bytes of the password hash (TLS edition's CONNECT). */
        HASH,
        /** One more message: the value (PUT). */
        VALUE
    }

    /**
     * A verb.
     *
     * @param name        the verb as sent, case-sensitive
     * @param hasArgument whether a space and an argument follow the name ({@code DISCONNECT} has none)
     * @param follow      what comes after the line
     * @param parse       builds the request from the argument (for {@code Follow.NONE} verbs)
     */
    public record Verb(String name, boolean hasArgument, Follow follow, Function<String, KvRequest> parse) {
        /** The bytes a line of this verb starts with: the name and, for a verb with an argument, a space. */
        public byte[] prefix() {
            return (hasArgument ? name + " " : name).getBytes(StandardCharsets.US_ASCII);
        }
    }

    /** {@code CONNECT id}. */
    public static final Verb CONNECT = new Verb("CONNECT", true, Follow.HASH, null);
    /** {@code PUT key}. */
    public static final Verb PUT = new Verb("PUT", true, Follow.VALUE, null);
    /** {@code GET key}. */
    public static final Verb GET = new Verb("GET", true, Follow.NONE, KvRequest.Get::new);
    /** {@code DELETE key}. */
    public static final Verb DELETE = new Verb("DELETE", true, Follow.NONE, KvRequest.Delete::new);
    /** {@code DISCONNECT}. */
    public static final Verb DISCONNECT = new Verb("DISCONNECT", false, Follow.NONE, arg -> new KvRequest.Disconnect());

    /** Every verb, in the order the decoder tries them. */
    public static final List<Verb> ALL = List.of(PUT, GET, DELETE, CONNECT, DISCONNECT);
    private static final byte[][] PREFIXES = ALL.stream().map(Verb::prefix).toArray(byte[][]::new);

    private KvVerbs() {
    }

    /** The verb a line starts with (for verbs with arguments) or equals (for those without), or null. */
    public static Verb match(byte[] line) {
        for (int i = 0; i < PREFIXES.length; i++) {
            byte[] p = PREFIXES[i];
            Verb v = ALL.get(i);
            boolean fits = v.hasArgument() ? line.length >= p.length : line.length == p.length;
            if (fits && startsWith(line, p)) {
                return v;
            }
        }
        return null;
    }

    private static boolean startsWith(byte[] line, byte[] p) {
        for (int i = 0; i < p.length; i++) {
            if (line[i] != p[i]) {
                return false;
            }
        }
        return true;
    }

    /** The argument of a line that matched {@code v}: everything after the first space, as Latin-1 text. */
    public static String argument(Verb v, byte[] line) {
        int start = v.name().length() + 1;
        return new String(line, start, line.length - start, StandardCharsets.ISO_8859_1);
    }
}
