package dev.courier.kv.store.journal;

import java.util.Locale;

/** How much a crash may lose. */
public enum Persistence {
    OFF, EVERYSEC, ALWAYS;

    /** Parses "off", "everysec" or "always". */
    public static Persistence parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("persistence must be off, everysec or always, not '" + s + "'");
        }
    }
}
