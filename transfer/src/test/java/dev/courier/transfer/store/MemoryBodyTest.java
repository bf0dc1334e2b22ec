package dev.courier.transfer.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.core.budget.MemoryBudget;
import dev.courier.transfer.TestBytes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A body in memory grows with what arrives, charged first; refused growth keeps the chunk for the spill. */
class MemoryBodyTest {
    @TempDir
    Path dir;

    private static ByteBuf chunk(byte[] b, int from, int n) {
        return Unpooled.copiedBuffer(b, from, n);
    }

    @Test
    void growsAsBytesArriveNotAsAnnounced() throws Exception {
        MemoryBudget budget = new MemoryBudget(1 << 20);
        ConnectionMemory memory = new ConnectionMemory(budget);
        MemoryBody body = new MemoryBody(1_000_000_000L, dir, memory);
        assertThat(budget.used()).isZero();
        byte[] b = TestBytes.letters(5000);
        body.append(chunk(b, 0, 1998));
        assertThat(body.capacity()).isEqualTo(1998);
        assertThat(budget.used()).isEqualTo(1998);
        body.append(chunk(b, 1998, 3002));
        assertThat(body.capacity()).isEqualTo(5000);
        assertThat(budget.used()).isEqualTo(5000);
        body.discard();
        assertThat(budget.used()).isZero();
    }

    @Test
    void refusedGrowthKeepsTheChunkAndSpillsWhatCameToDisk() throws Exception {
        MemoryBudget budget = new MemoryBudget(3000);
        ConnectionMemory memory = new ConnectionMemory(budget);
        byte[] b = TestBytes.random(6000, 3);
        MemoryBody body = new MemoryBody(6000, dir, memory);
        body.append(chunk(b, 0, 1998));
        ByteBuf second = chunk(b, 1998, 4002);
        assertThatThrownBy(() -> body.append(second)).isInstanceOf(MemoryBody.OverBudget.class);
        assertThat(second.refCnt()).isEqualTo(1);
        SpoolFile spool = body.spill();
        assertThat(budget.used()).isZero();
        spool.append(second);
        assertThat(spool.digest()).isEqualTo(TestBytes.sha256(b));
        // Read back (for a text) only because it was small enough to have been in memory.
        assertThat(spool.bytes()).isEqualTo(b);
        Path tmp = spool.toTempFile();
        assertThat(Files.readAllBytes(tmp)).isEqualTo(b);
        Files.delete(tmp);
    }

    @Test
    void bodiesLeaveTheBudgetsHeadroomForDeliveringTexts() {
        MemoryBudget budget = new MemoryBudget(16_000);
        ConnectionMemory memory = new ConnectionMemory(budget);
        // A sixteenth (1 000 bytes) stays free for texts being delivered, which charge the budget directly.
        assertThat(memory.tryCharge(15_001)).isFalse();
        assertThat(memory.tryCharge(15_000)).isTrue();
        assertThat(memory.tryCharge(1)).isFalse();
        assertThat(budget.tryCharge(1000)).isTrue();
        memory.close();
        budget.release(1000);
        assertThat(budget.used()).isZero();
    }

    @Test
    void aLateReleaseAfterTheConnectionEndedGivesBackNothingTwice() {
        MemoryBudget budget = new MemoryBudget(10_000);
        ConnectionMemory memory = new ConnectionMemory(budget);
        assertThat(memory.tryCharge(4000)).isTrue();
        memory.close();
        assertThat(budget.used()).isZero();
        memory.release(4000);
        assertThat(budget.used()).isZero();
        assertThat(memory.tryCharge(1)).isFalse();
    }
}
