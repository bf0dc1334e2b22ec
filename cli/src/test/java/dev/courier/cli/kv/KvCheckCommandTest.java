package dev.courier.cli.kv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.cli.CliRun;
import dev.courier.cli.ExitCodes;
import dev.courier.core.auth.SaltedDigest;
import dev.courier.kv.store.journal.Journal;
import dev.courier.kv.store.journal.JournalSettings;
import dev.courier.kv.store.journal.Persistence;
import dev.courier.kv.store.journal.Replay;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KvCheckCommandTest {
    private static final Replay IGNORE = new Replay() {
        @Override
        public void created(String id, SaltedDigest credential, String creator) {
        }

        @Override
        public void put(String id, String key, byte[] value) {
        }

        @Override
        public void deleted(String id, String key) {
        }

        @Override
        public void erased(String id) {
        }
    };

    @TempDir
    Path data;

    private Journal open() throws Exception {
        return Journal.open(data.resolve("kv").resolve("sessions"), Persistence.EVERYSEC, JournalSettings.defaults(), IGNORE, null);
    }

    /** A journal of two sessions with a few keys. */
    private void writeJournal() throws Exception {
        try (Journal j = open()) {
            for (String id : new String[] {"alice", "bob"}) {
                j.created(id, new SaltedDigest(new byte[16], new byte[32]), null);
                for (int k = 0; k < 3; k++) {
                    j.put(id, "key" + k, ("value " + k).getBytes(StandardCharsets.UTF_8));
                }
            }
        }
    }

    private CliRun check(String... more) {
        String[] args = new String[4 + more.length];
        args[0] = "kv";
        args[1] = "check";
        args[2] = "--data-dir";
        args[3] = data.toString();
        System.arraycopy(more, 0, args, 4, more.length);
        return CliRun.run(args);
    }

    @Test
    void aHealthyJournalExitsZeroWithItsFiguresFileByFile() throws Exception {
        writeJournal();
        CliRun r = check();
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.OK);
        assertThat(r.out()).contains("journal-0.log: 8 records, 2 sessions created, 6 puts")
                .contains("healthy: 2 sessions, 6 keys");
    }

    @Test
    void noJournalYetIsHealthy() {
        CliRun r = check();
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.OK);
        assertThat(r.out()).contains("nothing to check");
        assertThat(Files.exists(data.resolve("kv").resolve("sessions"))).isFalse();
    }

    @Test
    void damageExitsOneAndRepairMovesTheDamagedFilesAside() throws Exception {
        writeJournal();
        Path journal = data.resolve("kv").resolve("sessions").resolve("journal-0.log");
        byte[] b = Files.readAllBytes(journal);
        b[b.length / 2] ^= 0x10;
        Files.write(journal, b);

        CliRun checked = check();
        assertThat(checked.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(checked.out()).contains("damage: journal-0.log at offset").contains("DAMAGED");
        assertThat(Files.readAllBytes(journal)).isEqualTo(b);

        CliRun repaired = check("--repair");
        assertThat(repaired.code()).as(repaired.err()).isEqualTo(ExitCodes.OK);
        assertThat(repaired.out()).contains("repaired:");
        Path aside;
        try (Stream<Path> s = Files.list(data.resolve("kv").resolve("sessions"))) {
            aside = s.filter(p -> p.getFileName().toString().startsWith("damaged-")).findFirst().orElseThrow();
        }
        assertThat(aside.resolve("journal-0.log")).hasBinaryContent(b);
        assertThat(check().code()).isEqualTo(ExitCodes.OK);
        open().close();
    }

    @Test
    void aRunningServerIsNotCheckedUnderItsFeet() throws Exception {
        writeJournal();
        try (Journal j = open()) {
            CliRun r = check("--repair");
            assertThat(r.code()).isEqualTo(ExitCodes.FAILURE);
            assertThat(r.err()).contains("in use").contains(data.resolve("kv").resolve("sessions").toString());
        }
    }

    @Test
    void helpSaysWhatRepairDoes() {
        CliRun r = CliRun.run("kv", "check", "--help");
        assertThat(r.code()).isEqualTo(ExitCodes.OK);
        assertThat(r.out()).contains("--repair").contains("damaged-<UTC time>").contains("nothing is deleted")
                .contains("--data-dir");
    }

    @Test
    void anUnknownFlagIsAUsageError() {
        CliRun r = CliRun.run("kv", "check", "--fix");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    }
}
