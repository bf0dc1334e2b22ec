package dev.courier.core.config;

import java.util.Locale;

/**
 * A part of a whole given either as a percentage ({@code 75%}) or as a size ({@code 64MiB}): how a limit is stated
 * when it is a share of a budget known only at start.
 *
 * @param percent the percentage of the whole (0 to 100), or -1 when {@code bytes} is given
 * @param bytes   a fixed size in bytes, or -1 when {@code percent} is given
 */
public record Portion(double percent, long bytes) {
    /** Checks exactly one of the two is given and in range. */
    public Portion {
        if ((percent < 0) == (bytes < 0)) {
            throw new IllegalArgumentException("a portion is a percentage or a size, not both or neither");
        }
        if (percent > 100 || bytes == 0) {
            throw new IllegalArgumentException("a portion must be more than 0 and at most 100%");
        }
    }

    /** {@code p} percent of the whole. */
    public static Portion ofPercent(double p) {
        if (!(p > 0)) {
            throw new IllegalArgumentException("a percentage must be more than 0, was " + p);
        }
        return new Portion(p, -1);
    }

    /** A fixed size. */
    public static Portion ofBytes(long b) {
        return new Portion(-1, b);
    }

    /** Parses {@code 75%} or a size as {@link Sizes#bytes} reads it ({@code 64MiB}). */
    public static Portion parse(String s) {
        String t = s.trim();
        if (t.endsWith("%")) {
            try {
                return ofPercent(Double.parseDouble(t.substring(0, t.length() - 1).trim()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("not a percentage: '" + s + "' (examples: 25%, 75%, 64MiB)");
            }
        }
        return ofBytes(Sizes.bytes(t));
    }

    /** The bytes this portion comes to of {@code whole}: at least 1, at most the whole. */
    public long of(long whole) {
        long b = bytes >= 0 ? bytes : (long) (whole * (percent / 100.0));
        return Math.max(1, Math.min(b, whole));
    }

    @Override
    public String toString() {
        if (bytes >= 0) {
            return Long.toString(bytes);
        }
        return (percent == Math.rint(percent) ? Long.toString((long) percent)
                : String.format(Locale.ROOT, "%s", percent)) + "%";
    }
}
