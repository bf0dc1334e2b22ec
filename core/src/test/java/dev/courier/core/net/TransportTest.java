package dev.courier.core.net;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TransportTest {
    @Test
    void leavesOneCpuSpareButKeepsAtLeastOneLoop() {
        assertThat(Transport.threadsFor(1)).isEqualTo(1);
        assertThat(Transport.threadsFor(2)).isEqualTo(1);
        assertThat(Transport.threadsFor(4)).isEqualTo(3);
        assertThat(Transport.threadsFor(64)).isEqualTo(63);
    }

    @Test
    void thePropertyOverridesTheDefault() {
        try {
            System.setProperty(Transport.THREADS_PROPERTY, "5");
            assertThat(Transport.defaultThreads()).isEqualTo(5);
        } finally {
            System.clearProperty(Transport.THREADS_PROPERTY);
        }
        assertThat(Transport.defaultThreads())
                .isEqualTo(Transport.threadsFor(Runtime.getRuntime().availableProcessors()));
    }
}
