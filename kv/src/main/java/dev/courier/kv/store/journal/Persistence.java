package dev.courier.kv.store.journal;

import java.util.Locale;

/** How much a crash may lose. */
public enum Persistence {
    /** Memory only: the journal is written but never fsynced except at a rotation and at close. */
    OFF,
    /** Everything written is fsynced within one sync interval: a crash loses at most that much. */
    EVERYSEC,
    /** Every change is fsynced before it is acknowledged (group commit: concurrent changes share an fsync). */
    ALWAYS;

    /** Parses {@code off}, {@code everysec} or {@code always} (any case). */
    public static Persistence parse(String s) {
        if (s != null) {
            for (Persistence p : values()) {
                if (p.name().equals(s.strip().toUpperCase(Locale.ROOT))) {
                    return p;
                }
            }
        }
        throw new IllegalArgumentException("persistence must be off, everysec or always (was '" + s + "')");
    }

    /** The lower-case name, as {@link #parse} reads it. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
