package dev.courier.conformance;

import java.util.Locale;

/** How the server under test frames KV messages: the spec's lines, or the 2023 programs' records. */
public enum Dialect {
    /** Every message ends with LF (docs/kv-protocol.md). */
    LINE,
    /** One message per TLS record (RSA edition: per block), no LF at its end (docs/kv-record-dialect.md). */
    RECORD;

    /** The dialect named {@code name}: {@code line} (or {@code lf}) or {@code record}. */
    public static Dialect parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        return switch (n) {
            case "line", "lf" -> LINE;
            case "record" -> RECORD;
            default -> throw new IllegalArgumentException("'" + name + "' is not a dialect (line or record)");
        };
    }
}
