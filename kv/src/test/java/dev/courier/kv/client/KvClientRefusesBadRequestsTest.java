package dev.courier.kv.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.kv.KvServerExtension;
import dev.courier.kv.Wire;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The client refuses, before sending anything, a request the server would treat as a violation (which erases the
 * session) or refuse: the session, its data and the connection survive, and the limits' own edges still pass.
 */
class KvClientRefusesBadRequestsTest {
    @RegisterExtension
    final KvServerExtension kv = new KvServerExtension();

    private static void refused(ThrowingCall call, String... fragments) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(KvException.class, e -> {
            assertThat(e.reason()).isEqualTo(KvException.Reason.INVALID_REQUEST);
            assertThat(e.getMessage()).contains(fragments);
        });
    }

    private interface ThrowingCall {
        void run() throws Exception;
    }

    @Test
    void badRequestsAreRefusedAndTheSessionKeepsItsData() throws Exception {
        try (KvClient c = kv.client("keep", Wire.hash(7))) {
            c.put("other", "data");
            long before = kv.server().stats().commands.sum();
            refused(() -> c.put("big", Wire.repeat('x', 5000)), "5000 bytes", "at most 4091");
            refused(() -> c.put("big", Wire.repeat('x', 4092)), "4092 bytes", "at most 4091");
            refused(() -> c.get("é"), "'é' (U+00E9)", "0x01-0x7F");
            refused(() -> c.put("k", "caf\u00e9"), "the value", "U+00E9");
            refused(() -> c.put("k", "\u20ac"), "the value", "U+20AC");
            refused(() -> c.put("k", "two\nlines"), "a line feed");
            refused(() -> c.put("k\u0000", "v"), "the key", "0x00");
            refused(() -> c.delete("line\nfeed"), "a line feed");
            refused(() -> c.get(Wire.repeat('k', 4092)), "4097 bytes", "at most 4096");
            refused(() -> c.delete(Wire.repeat('k', 4089)), "4097 bytes");
            assertThat(kv.server().stats().commands.sum()).as("nothing reached the server").isEqualTo(before);
            assertThat(kv.server().stats().violations.sum()).isZero();
            assertThat(c.get("other")).contains("data");
        }
    }

    @Test
    void theEdgesOfTheLimitsAreSentAndServed() throws Exception {
        try (KvClient c = kv.client("edges", Wire.hash(8))) {
            String value = Wire.repeat('v', 4091);
            c.put("k", value);
            assertThat(c.get("k")).contains(value);
            String key = Wire.repeat('k', 4091);
            c.put(key, "");
            assertThat(c.get(key)).contains("");
            c.delete(Wire.repeat('d', 4088));
            c.put("spaces and\rCR\t\u007f\u0001", "v");
            assertThat(c.get("spaces and\rCR\t\u007f\u0001")).contains("v");
        }
        assertThat(kv.server().stats().violations.sum()).isZero();
    }

    @Test
    void aBadClientIdIsRefusedBeforeConnecting() {
        refused(() -> kv.client("jos\u00e9", Wire.hash(9)).close(), "the client id", "U+00E9");
        refused(() -> kv.client("", Wire.hash(9)).close(), "client id is empty");
        assertThat(kv.server().stats().connections.sum()).isZero();
    }
}
