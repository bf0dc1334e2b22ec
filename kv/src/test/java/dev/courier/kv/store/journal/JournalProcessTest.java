package dev.courier.kv.store.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What another process sees: the lock, and a {@code kill -9} after the writer handed the records to the OS. */
class JournalProcessTest {
    @TempDir
    Path data;

    private Process child;

    @AfterEach
    void stopChild() {
        if (child != null) {
            child.destroyForcibly();
        }
    }

    private Path dir() {
        return data.resolve("kv");
    }

    private void startChild(String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String[] cmd = new String[4 + args.length];
        cmd[0] = java;
        cmd[1] = "-cp";
        cmd[2] = System.getProperty("java.class.path");
        cmd[3] = JournalChild.class.getName();
        System.arraycopy(args, 0, cmd, 4, args.length);
        child = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line; (line = out.readLine()) != null; ) {
            if (line.equals("ready")) {
                return;
            }
            seen.append(line).append('\n');
        }
        throw new AssertionError("the child ended without getting ready:\n" + seen);
    }

    @Test
    void aSecondProcessIsRefusedClearlyUntilTheFirstStops() throws Exception {
        startChild(dir().toString(), "hold");
        assertThatThrownBy(() -> Journal.open(dir(), Persistence.EVERYSEC, JournalSettings.defaults(),
                new TestStore(), null))
                .isInstanceOf(JournalException.class)
                .hasMessageContaining(dir().toString())
                .hasMessageContaining("in use by another process");
        assertThatThrownBy(() -> JournalCheck.check(dir()))
                .isInstanceOf(JournalException.class)
                .hasMessageContaining("in use by another process");
        child.getOutputStream().close();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Journal.open(dir(), Persistence.EVERYSEC, JournalSettings.defaults(), new TestStore(), null).close();
    }

    @Test
    void aKilledProcessLosesNothingItsWriterHadWritten() throws Exception {
        startChild(dir().toString(), "append", "1000");
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        TestStore back = new TestStore();
        Journal.open(dir(), Persistence.EVERYSEC, JournalSettings.defaults(), back, null).close();
        assertThat(back.replayed()).hasSize(1001);
        assertThat(back.state().get("s")).contains("k999=value 999");
    }
}
