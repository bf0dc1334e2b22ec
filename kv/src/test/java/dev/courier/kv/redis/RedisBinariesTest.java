package dev.courier.kv.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Without Redis's programs the harness says what to install (and the tests fail rather than skip). */
class RedisBinariesTest {
    @Test
    void aPathWithoutRedisNamesBothProgramsAndDebiansPackage(@TempDir Path empty) {
        assertThat(RedisBinaries.missing(empty.toString())).containsExactly("redis-server", "redis-cli");
        assertThat(RedisBinaries.installHint(RedisBinaries.missing(empty.toString())))
                .contains("redis-server and redis-cli not found on the PATH", "apt-get install -y redis-server");
    }

    @Test
    void thisMachinesPathHasBoth() {
        assertThat(RedisBinaries.missing(System.getenv("PATH"))).isEmpty();
    }
}
