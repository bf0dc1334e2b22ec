package dev.courier.core.config;

/** A listener's port setting: a number, 0 for any free port, or off. */
public record Port(int number, boolean enabled) {
    /** The port that is not opened. */
    public static final Port OFF = new Port(-1, false);

    /** Parses {@code "off"}, {@code "0"} or {@code 1..65535}. */
    public static Port parse(String s) {
        String t = s.trim();
        if (t.equalsIgnoreCase("off")) {
            return OFF;
        }
        int n;
        try {
            n = Integer.parseInt(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a port is a number 0-65535 or 'off', not '" + s + "'");
        }
        if (n < 0 || n > 65535) {
            throw new IllegalArgumentException("a port is a number 0-65535 or 'off', not '" + s + "'");
        }
        return new Port(n, true);
    }

    /** A fixed port number. */
    public static Port of(int n) {
        return parse(Integer.toString(n));
    }

    @Override
    public String toString() {
        return enabled ? Integer.toString(number) : "off";
    }
}
