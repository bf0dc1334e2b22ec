package dev.courier.kv.protocol;

import java.util.Locale;

/**
 * How KV messages are framed on the wire: the spec's lines, or the records of the 2023 programs
 * (docs/kv-record-dialect.md).
 */
public enum KvDialect {
    /** The spec's framing: every message ends with LF; any split of the bytes, pipelining allowed. */
    LF,
    /**
     * The 2023 programs' framing: one message per TLS record (RSA edition: per block), no LF at its end; a PUT's key
     * and value in one record, a found value and its CRC in one record; one command at a time.
     */
    RECORD;

    /** The dialect named {@code name} ({@code lf} or {@code record}, any case). */
    public static KvDialect parse(String name) {
        for (KvDialect d : values()) {
            if (d.name().equalsIgnoreCase(name.trim())) {
                return d;
            }
        }
        throw new IllegalArgumentException("'" + name + "' is not a dialect (lf or record)");
    }

    /** The dialect's name as flags spell it. */
    public String flagName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
