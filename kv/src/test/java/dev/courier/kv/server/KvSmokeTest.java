package dev.courier.kv.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.kv.KvServerExtension;
import dev.courier.kv.RawTlsConnection;
import dev.courier.kv.client.KvClient;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class KvSmokeTest {
    @RegisterExtension
    final KvServerExtension kv = new KvServerExtension();

    @Test
    void clientPutsGetsAndDeletes() throws Exception {
        try (KvClient c = kv.client("alice", KvServerExtension.hash("pw"))) {
            c.put("k", "v");
            assertThat(c.get("k")).contains("v");
            c.delete("k");
            assertThat(c.get("k")).isEmpty();
        }
    }

    @Test
    void bytesOnTheWire() throws Exception {
        try (RawTlsConnection r = RawTlsConnection.open(kv.port())) {
            r.connect("bob", KvServerExtension.hash("pw"));
            assertThat(r.readLine()).isEqualTo("CONNECT: OK\n");
            r.send("PUT a key\nhello world\nGET a key\n");
            CRC32 crc = new CRC32();
            crc.update("hello world".getBytes());
            assertThat(r.readLine()).isEqualTo("PUT: OK\n");
            assertThat(r.readLine()).isEqualTo("GET hello world\n");
            assertThat(r.readLine()).isEqualTo(crc.getValue() + "\n");
            r.send("DISCONNECT\n");
            assertThat(r.readLine()).isEqualTo("DISCONNECT: OK\n");
            assertThat(r.closedWithoutAnswer()).isTrue();
        }
    }
}
