package dev.courier.kv.store.journal;

import java.time.Duration;

/**
 * How the journal syncs, when it compacts and how far appenders may run ahead of the disk.
 *
 * @param syncInterval how often {@link Persistence#EVERYSEC} fsyncs what was written
 * @param compactMinBytes the live journal is never compacted below this size
 * @param compactPercent compact when the journal exceeds the snapshot by this percentage (and the minimum)
 * @param maxBufferBytes appenders wait while this many bytes are not yet written (bounds memory when the disk is slow)
 */
public record JournalSettings(Duration syncInterval, long compactMinBytes, int compactPercent, long maxBufferBytes) {
    /** Redis's {@code everysec}: a crash loses at most about a second. */
    public static final Duration DEFAULT_SYNC_INTERVAL = Duration.ofSeconds(1);
    /** Like Redis's {@code auto-aof-rewrite-min-size}: small journals are cheaper to replay than to compact. */
    public static final long DEFAULT_COMPACT_MIN_BYTES = 64L << 20;
    /** Like Redis's {@code auto-aof-rewrite-percentage}: compact when the journal is twice the snapshot. */
    public static final int DEFAULT_COMPACT_PERCENT = 100;
    /**
     * Unwritten bytes appenders may run ahead of the writer. The writer holds as much again while it writes (double
     * buffering), outside the memory budget, so it is kept small: 8 MiB is half a second of 1 KiB PUTs at 16,000/s,
     * far more than a healthy disk lets pile up, and 16 MiB at worst stays well inside the half of the heap the
     * default budget leaves free.
     */
    public static final long DEFAULT_MAX_BUFFER_BYTES = 8L << 20;

    /** Checks the values. */
    public JournalSettings {
        if (syncInterval == null || syncInterval.isNegative() || syncInterval.isZero()) {
            throw new IllegalArgumentException("syncInterval must be positive (was " + syncInterval + ")");
        }
        if (compactMinBytes < 0) {
            throw new IllegalArgumentException("compactMinBytes must be >= 0 (was " + compactMinBytes + ")");
        }
        if (compactPercent < 0) {
            throw new IllegalArgumentException("compactPercent must be >= 0 (was " + compactPercent + ")");
        }
        if (maxBufferBytes < 1) {
            throw new IllegalArgumentException("maxBufferBytes must be >= 1 (was " + maxBufferBytes + ")");
        }
    }

    /** The defaults: 1 s, 64 MiB, 100 %, 8 MiB. */
    public static JournalSettings defaults() {
        return new JournalSettings(DEFAULT_SYNC_INTERVAL, DEFAULT_COMPACT_MIN_BYTES, DEFAULT_COMPACT_PERCENT,
                DEFAULT_MAX_BUFFER_BYTES);
    }

    /** The journal size beyond which a journal over a snapshot of {@code snapshotBytes} is compacted. */
    long compactThreshold(long snapshotBytes) {
        long grown = snapshotBytes + snapshotBytes / 100 * compactPercent;
        return Math.max(compactMinBytes, grown);
    }
}
