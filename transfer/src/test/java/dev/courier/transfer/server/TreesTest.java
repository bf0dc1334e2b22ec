package dev.courier.transfer.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.transfer.store.FilePlacer;
import dev.courier.transfer.store.StoreRefusal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreesTest {
    private static final String SHA = "ab".repeat(32);

    @TempDir
    Path inbox;

    @Test
    void theRememberedPathsStayWithinTheirMemoryAndAForgottenTreeStillCountsItsFiles() throws Exception {
        Trees trees = new Trees(new FilePlacer(inbox, false), inbox, Duration.ofHours(24), Clock.systemUTC());
        Trees.Tree t = trees.place("ip:a", "big", 40_001, 0);
        String segment = "x".repeat(1000);
        // 40 000 paths of 1 000 characters: about 89 MB if all were remembered, past the 64 MiB bound.
        for (int i = 0; i < 40_000; i++) {
            assertThat(trees.count(t, segment + i, SHA)).isTrue();
            assertThat(trees.held()).isLessThanOrEqualTo(Trees.MAX_PATH_BYTES);
        }
        assertThat(t.remembered).isFalse();
        assertThat(t.delivered).isEmpty();
        assertThat(t.counted).isEqualTo(40_000);
        // Forgotten, it still refuses more files than it announced.
        assertThat(trees.count(t, "last", SHA)).isTrue();
        assertThatThrownBy(() -> trees.count(t, "one-more", SHA)).isInstanceOf(StoreRefusal.class)
                .hasMessage("more files than the TREE announced (40001)");
    }

    @Test
    void aRememberedTreeAcknowledgesAFileSentAgainAndGivesBackAFailedCount() throws Exception {
        Trees trees = new Trees(new FilePlacer(inbox, false), inbox, Duration.ofHours(24), Clock.systemUTC());
        Trees.Tree t = trees.place("ip:a", "small", 3, 0);
        assertThat(trees.count(t, "a", SHA)).isTrue();
        long one = trees.held();
        assertThat(one).isEqualTo(2L * ("a".length() + 64) + Trees.ENTRY_BYTES);
        // The same path and SHA-256 again (its ACK was lost): no second copy, nothing counted.
        assertThat(trees.count(t, "a", SHA)).isFalse();
        assertThat(trees.count(t, "b", SHA)).isTrue();
        trees.uncount(t, "b");
        assertThat(trees.held()).isEqualTo(one);
        assertThat(t.counted).isEqualTo(1);
        // The last two complete it: nothing is remembered any more.
        assertThat(trees.count(t, "b", SHA)).isTrue();
        assertThat(trees.count(t, "c", SHA)).isTrue();
        assertThat(trees.held()).isZero();
    }
}
