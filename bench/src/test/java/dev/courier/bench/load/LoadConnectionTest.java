package dev.courier.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LoadConnectionTest {
    private static String key(int index, long k) {
        return new String(LoadConnection.keyOf(index, k), StandardCharsets.US_ASCII);
    }

    @Test
    void keysCarryTheClientsNumberSoRedisHoldsAsManyKeysAsCourier() {
        assertThat(key(17, 42)).isEqualTo("c00017:000000000042");
        assertThat(key(0, 42)).isNotEqualTo(key(1, 42));
        assertThat(key(99_999, 999_999_999_999L)).isEqualTo("c99999:999999999999");
    }

    @Test
    void everyKeyHasTheSameLength() {
        assertThat(LoadConnection.keyOf(3, 0)).hasSameSizeAs(LoadConnection.keyOf(12_345, 123_456_789L));
    }
}
