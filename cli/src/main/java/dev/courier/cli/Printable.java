package dev.courier.cli;

/**
 * A peer's text made safe to print on a terminal or in a log line: control characters (C0, DEL, C1 such as the
 * 8-bit CSI) are written {@code \xNN}, and the Unicode controls that reorder or hide what follows (bidirectional
 * overrides and isolates, as in "Trojan Source") <code>&#92;u{NNNN}</code>, so a sender cannot colour, move the cursor,
 * retitle the window, erase a line with a carriage return, or disguise a name.
 */
public final class Printable {
    private Printable() {
    }

    /** {@code s} on one line: every control character escaped, newlines and tabs included. */
    public static String line(String s) {
        return visible(s, false, false);
    }

    /** {@code s} as text: newlines and tabs kept, every other control character escaped. */
    public static String text(String s) {
        return visible(s, true, true);
    }

    /** {@code s} with control characters escaped, but for tabs ({@code keepTab}) and newlines ({@code keepNewline}). */
    public static String visible(String s, boolean keepTab, boolean keepNewline) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean kept = c == '\t' && keepTab || c == '\n' && keepNewline;
            boolean control = !kept && (c < 0x20 || c >= 0x7F && c <= 0x9F);
            boolean hiding = c >= 0x202A && c <= 0x202E || c >= 0x2066 && c <= 0x2069 || c == 0x200E || c == 0x200F
                    || c == 0x061C;
            if ((control || hiding) && b == null) {
                b = new StringBuilder(s.length() + 8).append(s, 0, i);
            }
            if (b != null) {
                if (control) {
                    b.append(String.format("\\x%02X", (int) c));
                } else if (hiding) {
                    b.append(String.format("\\u{%04X}", (int) c));
                } else {
                    b.append(c);
                }
            }
        }
        return b == null ? s : b.toString();
    }
}
