package dev.courier.transfer.server;

/** The words of extension lines. */
final class Words {
    private Words() {
    }

    /** A decimal number of at most 19 digits (0 to 2^63-1), or -1 when the word is none. */
    static long number(String w) {
        if (w == null || w.isEmpty() || w.length() > 19 || !w.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        try {
            return Long.parseLong(w);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
