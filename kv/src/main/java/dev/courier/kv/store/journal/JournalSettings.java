package dev.courier.kv.store.journal;

import java.time.Duration;

/** STUB until the journal lands. */
public record JournalSettings(Duration syncInterval, long compactMinBytes, int compactPercent, long maxBufferBytes) {
    /** Defaults. */
    public static JournalSettings defaults() {
        return new JournalSettings(Duration.ofSeconds(1), 64L << 20, 100, 32L << 20);
    }
}
