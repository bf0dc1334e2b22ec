package dev.courier.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.core.budget.MemoryBudget;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Serve gives each running service its share of the memory budget, and KV its per-address cap within it. */
class ServeMemorySharesTest {
    @TempDir
    Path dir;

    @Test
    void eachServiceChargesItsShareOfTheBudget() throws Exception {
        try (RunningServe s = RunningServe.start("--data-dir", dir.toString(), "--kv-port", "0", "--mail-port", "off",
                "--transfer-port", "0", "--max-memory", "100MiB")) {
            MemoryBudget whole = s.serve().budget();
            MemoryBudget kv = s.serve().budgetFor("kv");
            MemoryBudget transfer = s.serve().budgetFor("transfer");
            assertThat(whole.limit()).isEqualTo(100L << 20);
            assertThat(kv.parent()).isSameAs(whole);
            assertThat(kv.limit()).isEqualTo(75L << 20);
            assertThat(transfer.parent()).isSameAs(whole);
            assertThat(transfer.limit()).isEqualTo(75L << 20);
            assertThat(s.serve().budgetFor("mail")).as("mail is off").isNull();
            assertThat(s.services().kv().registry().maxMemoryPerAddress()).as("25% of KV's share")
                    .isEqualTo((75L << 20) / 4);
            assertThat(s.stop()).isZero();
        }
    }

    @Test
    void aServiceRunningAloneMayUseTheWholeBudgetAndSizesAreTakenAsGiven() throws Exception {
        try (RunningServe s = RunningServe.start("--data-dir", dir.toString(), "--kv-port", "0", "--mail-port", "off",
                "--max-memory", "100MiB", "--max-memory-per-service", "10MiB", "--kv-max-memory-per-address",
                "3MiB")) {
            assertThat(s.serve().budgetFor("kv").limit()).isEqualTo(100L << 20);
            assertThat(s.services().kv().registry().maxMemoryPerAddress()).isEqualTo(3L << 20);
            assertThat(s.stop()).isZero();
        }
    }
}
