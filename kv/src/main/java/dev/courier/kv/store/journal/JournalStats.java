package dev.courier.kv.store.journal;

/**
 * What the journal has done since it was opened.
 *
 * @param bytesWritten bytes of records handed to the operating system
 * @param syncs fsyncs of journal files
 * @param lastSyncNanos how long the last fsync took
 * @param compactions snapshots completed
 * @param journalBytes bytes in the live journal file, including those still buffered
 * @param snapshotBytes bytes of the current snapshot (0 if there is none)
 */
public record JournalStats(long bytesWritten, long syncs, long lastSyncNanos, long compactions, long journalBytes,
        long snapshotBytes) {
}
