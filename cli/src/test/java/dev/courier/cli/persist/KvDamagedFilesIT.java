package dev.courier.cli.persist;

import static dev.courier.cli.persist.KvSessions.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.cli.attack.ServerProcess;
import dev.courier.kv.client.KvAsyncClient;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 12's damaged files, made with the server stopped, on the real jar: a journal cut in its last record (the
 * server drops the torn record with a warning and starts), a byte flipped in the middle of a journal (the server
 * refuses to start, naming the file and {@code courier kv check}; the check reports, repairs, and the records before
 * the damage are served), and the snapshot of a compaction deleted (refused at start, repaired by the check).
 *
 * <p>The files are damaged where a test's own values lie, found by their bytes: the tests need no knowledge of
 * the record format beyond "values are stored as they are".
 */
class KvDamagedFilesIT {
    private static final Logger LOG = LoggerFactory.getLogger(KvDamagedFilesIT.class);
    private static final Duration STOP = Duration.ofSeconds(30);
    private static final Duration CHECK = Duration.ofSeconds(60);
    /** The journal size past which the missing-snapshot test's server compacts (its flag). */
    private static final String COMPACT_MIN = "1MiB";
    /** Bytes of overwrites within which a compaction must have happened, with {@link #COMPACT_MIN}. */
    private static final long COMPACTION_AT_MOST = 32L << 20;

    @TempDir
    Path dir;

    @Test
    void aTornLastRecordIsDroppedWithAWarningAndTheServerStarts() throws Exception {
        Path data = dir.resolve("data");
        String id = "torn";
        String last = KvSessions.value("torn/last", 2000);
        Map<String, String> kept = new LinkedHashMap<>();
        ServerProcess first = ServerProcess.start(data, KvSessions.serveArgs("everysec"));
        try {
            KvAsyncClient c = KvSessions.connect(first, id);
            List<CompletableFuture<Void>> acks = new ArrayList<>();
            for (int k = 0; k < 50; k++) {
                String v = KvSessions.value("torn/k" + k, 100 + k * 10);
                acks.add(c.put("k" + k, v));
                kept.put("k" + k, v);
            }
            await(CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)));
            await(c.put("last", last));
            c.close();

            ServerProcess.Exit busy = kvCheck(data);
            LOG.info("kv check while the server runs: exit {}: {}", busy.status(), busy.output().strip());
            assertThat(busy.status()).as("kv check while a server holds the directory refuses (3, not 0 healthy or 1 "
                    + "damaged): %s", busy.output()).isEqualTo(3);
            assertThat(first.stop(STOP)).as("SIGTERM exits 0").isZero();
        } finally {
            first.close();
        }

        Path journal = newestJournal(data);
        byte[] bytes = Files.readAllBytes(journal);
        int at = KvSessions.lastIndexOf(bytes, last.getBytes(StandardCharsets.US_ASCII));
        assertThat(at).as("the last value written is in the newest journal, %s", journal.getFileName())
                .isNotNegative();
        long cut = at + last.length() / 2;
        try (FileChannel ch = FileChannel.open(journal, StandardOpenOption.WRITE)) {
            ch.truncate(cut);
        }
        LOG.info("torn: {} cut from {} to {} bytes, in the middle of the last record's value", journal.getFileName(),
                bytes.length, cut);

        ServerProcess.Exit check = kvCheck(data);
        LOG.info("kv check on a torn last record: exit {}:\n{}", check.status(), check.output().strip());
        assertThat(check.status()).as("kv check: a torn last record is not damage (a start drops it): %s",
                check.output()).isZero();

        try (ServerProcess again = first.restart()) {
            assertThat(warnings(again.log())).as("a WARN naming the torn journal").anyMatch(line -> line.contains(
                    journal.getFileName().toString()));
            KvAsyncClient c = KvSessions.connect(again, id);
            try {
                assertThat(await(c.get("last"))).as("the torn record is not served").isEmpty();
                for (Map.Entry<String, String> kv : kept.entrySet()) {
                    assertThat(await(c.get(kv.getKey()))).as("'%s', written before the torn record", kv.getKey())
                            .contains(kv.getValue());
                }
            } finally {
                c.close();
            }
            assertThat(again.stop(STOP)).as("SIGTERM exits 0").isZero();
        }
    }

    @Test
    void aFlippedByteStopsTheStartAndKvCheckRepairs() throws Exception {
        Path data = dir.resolve("data");
        String id = "flip";
        int keys = 200;
        int damaged = 100;
        Map<String, String> written = new LinkedHashMap<>();
        ServerProcess first = ServerProcess.start(data, KvSessions.serveArgs("everysec"));
        try {
            KvAsyncClient c = KvSessions.connect(first, id);
            List<CompletableFuture<Void>> acks = new ArrayList<>();
            for (int k = 0; k < keys; k++) {
                String v = KvSessions.value("flip/f" + k, 150);
                acks.add(c.put("f" + k, v));
                written.put("f" + k, v);
            }
            await(CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)));
            c.close();
            assertThat(first.stop(STOP)).as("SIGTERM exits 0").isZero();
        } finally {
            first.close();
        }

        Path journal = newestJournal(data);
        byte[] bytes = Files.readAllBytes(journal);
        String victim = written.get("f" + damaged);
        int at = KvSessions.lastIndexOf(bytes, victim.getBytes(StandardCharsets.US_ASCII));
        assertThat(at).as("f%d's value is in %s", damaged, journal.getFileName()).isNotNegative();
        int flipped = at + victim.length() / 2;
        bytes[flipped] ^= 0x01;
        Files.write(journal, bytes);
        LOG.info("flip: byte {} of {} ({} bytes) flipped, in f{}'s value, {} records of {} after it", flipped,
                journal.getFileName(), bytes.length, damaged, keys - damaged - 1, keys);

        ServerProcess.Exit refused = ServerProcess.serveExpectingRefusal(data, KvSessions.serveArgs("everysec"));
        LOG.info("serve on the flipped journal: exit {}:\n{}", refused.status(), refused.output().strip());
        assertRefusal(refused, journal);

        ServerProcess.Exit check = kvCheck(data);
        LOG.info("kv check: exit {}:\n{}", check.status(), check.output().strip());
        assertThat(check.status()).as("kv check finds the damage: %s", check.output()).isEqualTo(1);
        assertThat(check.output()).as("kv check names the damaged file").contains(journal.getFileName().toString());

        ServerProcess.Exit repair = kvCheck(data, "--repair");
        LOG.info("kv check --repair: exit {}:\n{}", repair.status(), repair.output().strip());
        assertThat(repair.status()).as("kv check --repair: %s", repair.output()).isZero();
        assertThat(kvCheck(data).status()).as("kv check after the repair").isZero();

        try (ServerProcess again = first.restart()) {
            KvAsyncClient c = KvSessions.connect(again, id);
            int after = 0;
            try {
                for (int k = 0; k < keys; k++) {
                    Optional<String> v = await(c.get("f" + k));
                    if (k < damaged) {
                        assertThat(v).as("f%d, before the damage, after the repair", k).contains(written.get("f" + k));
                    } else if (v.isPresent()) {
                        assertThat(v).as("f%d, at or after the damage, kept by the repair", k)
                                .contains(written.get("f" + k));
                        after++;
                    }
                }
            } finally {
                c.close();
            }
            LOG.info("flip: after the repair, the {} records before the damage are served; {} of the {} at or "
                    + "after it were kept", damaged, after, keys - damaged);
            assertThat(again.stop(STOP)).as("SIGTERM exits 0").isZero();
        }
        assertWayOut(refused, data);
    }

    @Test
    void aMissingSnapshotStopsTheStartAndKvCheckRepairs() throws Exception {
        Path data = dir.resolve("data");
        String bulk = "bulk";
        String late = "after-compaction";
        Map<String, String> lateValues = new LinkedHashMap<>();
        ServerProcess first = ServerProcess.start(data, KvSessions.serveArgs("everysec",
                "--kv-journal-compact-min", COMPACT_MIN));
        long written;
        try {
            KvAsyncClient c = KvSessions.connect(first, bulk);
            written = overwriteUntilCompacted(c, data);
            c.close();
            // A session the journal after the compaction creates: what a repair keeps.
            KvAsyncClient l = KvSessions.connect(first, late);
            List<CompletableFuture<Void>> acks = new ArrayList<>();
            for (int k = 0; k < 20; k++) {
                String v = KvSessions.value("late/a" + k, 300);
                acks.add(l.put("a" + k, v));
                lateValues.put("a" + k, v);
            }
            await(CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)));
            l.close();
            assertThat(first.stop(STOP)).as("SIGTERM exits 0").isZero();
        } finally {
            first.close();
        }
        List<Path> snapshots = KvSessions.snapshots(data);
        LOG.info("compaction after {} MiB of overwrites; files at the stop: {}", written >> 20,
                KvSessions.kvFiles(data));
        assertThat(snapshots).as("a snapshot after the compaction").isNotEmpty();
        Path snapshot = snapshots.get(snapshots.size() - 1);
        Files.delete(snapshot);

        ServerProcess.Exit refused = ServerProcess.serveExpectingRefusal(data, KvSessions.serveArgs("everysec",
                "--kv-journal-compact-min", COMPACT_MIN));
        LOG.info("serve without {}: exit {}:\n{}", snapshot.getFileName(), refused.status(),
                refused.output().strip());
        assertRefusal(refused, snapshot);

        ServerProcess.Exit check = kvCheck(data);
        LOG.info("kv check: exit {}:\n{}", check.status(), check.output().strip());
        assertThat(check.status()).as("kv check finds the snapshot missing: %s", check.output()).isEqualTo(1);
        assertThat(check.output()).as("kv check names the missing snapshot")
                .contains(snapshot.getFileName().toString());

        ServerProcess.Exit repair = kvCheck(data, "--repair");
        LOG.info("kv check --repair: exit {}:\n{}", repair.status(), repair.output().strip());
        assertThat(repair.status()).as("kv check --repair: %s", repair.output()).isZero();

        try (ServerProcess again = first.restart()) {
            KvAsyncClient c = KvSessions.connect(again, late);
            try {
                for (Map.Entry<String, String> kv : lateValues.entrySet()) {
                    assertThat(await(c.get(kv.getKey()))).as("'%s', written after the compaction", kv.getKey())
                            .contains(kv.getValue());
                }
            } finally {
                c.close();
            }
            String bulkAfter = KvSessions.connectAnswer(again, bulk, KvSessions.wrongHash(bulk));
            LOG.info("missing snapshot: after the repair the session created after the compaction is served with "
                    + "its {} keys; the one whose creation was in the snapshot: CONNECT with another password -> {}",
                    lateValues.size(), bulkAfter);
            assertThat(again.stop(STOP)).as("SIGTERM exits 0").isZero();
        }
        assertWayOut(refused, data);
    }

    /**
     * Overwrites 64 keys with 4000-byte values, pipelined, until a snapshot appears in the journal's directory (the
     * journal outgrew {@link #COMPACT_MIN}: compacted) or {@link #COMPACTION_AT_MOST} bytes were written; returns
     * the bytes written.
     */
    private static long overwriteUntilCompacted(KvAsyncClient c, Path data) throws Exception {
        int batch = 512;
        long written = 0;
        for (long n = 0; KvSessions.snapshots(data).isEmpty(); n += batch) {
            assertThat(written).as("bytes overwritten without a compaction (no snapshot-*.snap under kv/sessions/)")
                    .isLessThan(COMPACTION_AT_MOST);
            List<CompletableFuture<Void>> acks = new ArrayList<>(batch);
            for (int i = 0; i < batch; i++) {
                long seq = n + i;
                String v = KvSessions.value("bulk/" + seq, 4000);
                acks.add(c.put("b" + seq % 64, v));
                written += v.length();
            }
            await(CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)));
        }
        return written;
    }

    /** {@code serve} refused with status 3 and a message naming {@code file}. */
    private static void assertRefusal(ServerProcess.Exit refused, Path file) {
        assertThat(refused.status()).as("serve's exit status (%d: it started) on a damaged directory: %s",
                ServerProcess.STARTED, refused.output()).isEqualTo(3);
        assertThat(refused.output()).as("serve's message names the file").contains(file.getFileName().toString());
    }

    /**
     * The refusal's message gives the way out, {@code courier kv check --data-dir D --repair} with D the data
     * directory serve was given (the one {@code kv check} takes). Checked last, so that a wrong hint does not keep
     * the test from checking the rest.
     */
    private static void assertWayOut(ServerProcess.Exit refused, Path data) {
        assertThat(refused.output()).as("serve's message gives the way out, for the data directory it was given")
                .contains("courier kv check --data-dir " + data + " --repair");
    }

    /** Runs {@code courier kv check --data-dir DATA MORE...} from the jar. */
    private static ServerProcess.Exit kvCheck(Path data, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("kv", "check", "--data-dir", data.toString()));
        args.addAll(List.of(more));
        return ServerProcess.run(CHECK, args.toArray(String[]::new));
    }

    private static Path newestJournal(Path data) throws Exception {
        List<Path> journals = KvSessions.journals(data);
        assertThat(journals).as("journals under %s after a stop (files: %s)", KvSessions.kvDir(data),
                KvSessions.kvFiles(data)).isNotEmpty();
        return journals.get(journals.size() - 1);
    }

    private static List<String> warnings(String log) {
        return log.lines().filter(l -> l.contains(" WARN ")).toList();
    }
}
