package dev.courier.cli.attack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server as the launcher runs it: it knows it exits on OutOfMemoryError, and says what its budget is. */
class OutOfMemoryIT {
    @TempDir
    Path dir;

    @Test
    void aServerStartedWithTheLaunchersFlagsLogsItsBudgetAndNoWarning() throws Exception {
        try (ServerProcess server = ServerProcess.start(dir.resolve("data"), "--kv-port", "0", "--mail-port", "off",
                "--transfer-port", "off", "--max-memory", "96MiB")) {
            assertThat(server.log()).contains("memory budget: 96 MiB of a ")
                    .doesNotContain("ExitOnOutOfMemoryError");
            assertThat(server.stop(Duration.ofSeconds(30))).as(server.log()).isZero();
        }
    }
}
