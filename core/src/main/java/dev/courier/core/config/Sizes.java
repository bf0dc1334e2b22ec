package dev.courier.core.config;

import java.time.Duration;
import java.util.Locale;

/** Parses the sizes and durations of configuration: {@code 64MiB}, {@code 4096}, {@code 300s}, {@code 5m}. */
public final class Sizes {
    private Sizes() {
    }

    /** Bytes from a plain number or one with a suffix B, KiB/K, MiB/M, GiB/G (binary units). */
    public static long bytes(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT).replace("ib", "").replace("b", "");
        long mult = 1;
        if (t.endsWith("k")) {
            mult = 1L << 10;
        } else if (t.endsWith("m")) {
            mult = 1L << 20;
        } else if (t.endsWith("g")) {
            mult = 1L << 30;
        }
        if (mult != 1) {
            t = t.substring(0, t.length() - 1);
        }
        try {
            long v = Long.parseLong(t.trim());
            if (v < 0) {
                throw new NumberFormatException();
            }
            return Math.multiplyExact(v, mult);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("not a size: '" + s + "' (examples: 4096, 64KiB, 64MiB)");
        }
    }

    /** A duration from a number of seconds or one with a suffix ms, s, m, h. */
    public static Duration duration(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.endsWith("ms")) {
                return Duration.ofMillis(nonNegative(t.substring(0, t.length() - 2)));
            }
            if (t.endsWith("s")) {
                return Duration.ofSeconds(nonNegative(t.substring(0, t.length() - 1)));
            }
            if (t.endsWith("m")) {
                return Duration.ofMinutes(nonNegative(t.substring(0, t.length() - 1)));
            }
            if (t.endsWith("h")) {
                return Duration.ofHours(nonNegative(t.substring(0, t.length() - 1)));
            }
            return Duration.ofSeconds(nonNegative(t));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a duration: '" + s + "' (examples: 300, 300s, 5m, 250ms)");
        }
    }

    private static long nonNegative(String t) {
        long v = Long.parseLong(t.trim());
        if (v < 0) {
            throw new NumberFormatException();
        }
        return v;
    }
}
