package dev.courier.kv.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.kv.KvServerExtension;
import dev.courier.kv.RawTlsConnection;
import dev.courier.kv.Wire;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Spec section 1: TLS 1.3, with TLS 1.2 accepted. */
class KvTlsEndToEndTest {
    @RegisterExtension
    final KvServerExtension kv = new KvServerExtension();

    @Test
    void tls13IsChosenWhenOffered() throws Exception {
        try (RawTlsConnection r = RawTlsConnection.open(kv.port())) {
            assertThat(r.protocol()).isEqualTo("TLSv1.3");
        }
    }

    @Test
    void tls12IsAccepted() throws Exception {
        try (RawTlsConnection r = RawTlsConnection.open("localhost", kv.port(), "TLSv1.2")) {
            assertThat(r.protocol()).isEqualTo("TLSv1.2");
            r.connect("old", Wire.hash(5));
            assertThat(r.readLine()).isEqualTo("CONNECT: OK\n");
        }
    }
}
