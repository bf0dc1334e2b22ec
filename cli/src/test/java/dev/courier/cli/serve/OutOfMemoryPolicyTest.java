package dev.courier.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class OutOfMemoryPolicyTest {
    @Test
    void readsTheFlagOfTheRunningJvm() {
        boolean given = ManagementFactory.getRuntimeMXBean().getInputArguments()
                .contains("-XX:+" + OutOfMemoryPolicy.OPTION);
        assertThat(OutOfMemoryPolicy.exitsOnOutOfMemory()).isEqualTo(given);
    }
}
