package dev.courier.kv.store.journal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Run in a separate JVM by {@link JournalProcessTest}: opens a journal (EVERYSEC, one sync an hour, so nothing
 * but the open and the close syncs), then either just holds it, or appends {@code n} changes and waits until the
 * writer has handed them to the operating system. Prints {@code ready}, then waits for standard input to end, or
 * for a kill.
 */
public final class JournalChild {
    private JournalChild() {
    }

    /** {@code dir hold} or {@code dir append n}. */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        TestStore store = new TestStore();
        JournalSettings hourly = new JournalSettings(Duration.ofHours(1), JournalSettings.DEFAULT_COMPACT_MIN_BYTES,
                JournalSettings.DEFAULT_COMPACT_PERCENT, JournalSettings.DEFAULT_MAX_BUFFER_BYTES);
        Journal j = Journal.open(dir, Persistence.EVERYSEC, hourly, store, store);
        store.logTo(j);
        if (args[1].equals("append")) {
            int n = Integer.parseInt(args[2]);
            store.create("s", null);
            for (int i = 0; i < n; i++) {
                store.put("s", "k" + i, "value " + i);
            }
            long end = j.position() + FileHeader.BYTES;
            while (Files.size(JournalFiles.journal(dir, 0)) < end) {
                Thread.sleep(1);
            }
        }
        System.out.println("ready");
        System.out.flush();
        while (System.in.read() >= 0) {
            // Until the parent closes our input.
        }
        j.close();
    }
}
