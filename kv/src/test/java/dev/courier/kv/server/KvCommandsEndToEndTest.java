package dev.courier.kv.server;

import static dev.courier.kv.Wire.repeat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.kv.KvServerExtension;
import dev.courier.kv.RawTlsConnection;
import dev.courier.kv.Wire;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Spec section 4 over real TLS, byte for byte. */
class KvCommandsEndToEndTest {
    @RegisterExtension
    final KvServerExtension kv = new KvServerExtension();
    private RawTlsConnection r;

    @BeforeEach
    void connect() throws Exception {
        r = RawTlsConnection.open(kv.port());
        r.connect("cmd", Wire.hash(7));
        assertThat(r.readLine()).isEqualTo("CONNECT: OK\n");
    }

    @org.junit.jupiter.api.AfterEach
    void close() throws Exception {
        r.close();
    }

    private void expectValue(String value) throws Exception {
        assertThat(r.readLine()).isEqualTo("GET " + value + "\n");
        assertThat(r.readLine()).isEqualTo(Wire.crc(value) + "\n");
    }

    @Test
    void putGetDeleteAndTheirAnswers() throws Exception {
        r.send("PUT greeting\nhello world\n");
        assertThat(r.readLine()).isEqualTo("PUT: OK\n");
        r.send("GET greeting\n");
        assertThat(r.readLine()).isEqualTo("GET hello world\n");
        assertThat(r.readLine()).isEqualTo("222957957\n");
        r.send("DELETE greeting\n");
        assertThat(r.readLine()).isEqualTo("DELETE: OK\n");
        r.send("GET greeting\n");
        assertThat(r.readLine()).isEqualTo("GET: ERROR\n");
    }

    @Test
    void theCrcIsUnsignedDecimal() throws Exception {
        r.send("PUT k\n123456789\nGET k\n");
        assertThat(r.readLine()).isEqualTo("PUT: OK\n");
        assertThat(r.readLine()).isEqualTo("GET 123456789\n");
        assertThat(r.readLine()).isEqualTo("3421780262\n");
    }

    @Test
    void putOverwrites() throws Exception {
        r.send("PUT k\none\nPUT k\ntwo\nGET k\n");
        assertThat(r.readLine()).isEqualTo("PUT: OK\n");
        assertThat(r.readLine()).isEqualTo("PUT: OK\n");
        expectValue("two");
    }

    @Test
    void keysMayBeEmptyOrHoldSpacesAndValuesMayBeEmpty() throws Exception {
        r.send("PUT \n\nPUT  a b \n x y \nGET \nGET  a b \n");
        assertThat(r.readLine()).isEqualTo("PUT: OK\n");
        assertThat(r.readLine()).isEqualTo("PUT: OK\n");
        expectValue("");
        expectValue(" x y ");
    }

    @Test
    void deletingAMissingKeyIsOk() throws Exception {
        r.send("DELETE never there\n");
        assertThat(r.readLine()).isEqualTo("DELETE: OK\n");
    }

    @Test
    void aValueOf4091BytesIsStoredAndOf4092IsRefusedWithTheValueConsumed() throws Exception {
        String max = repeat('m', 4091);
        r.send("PUT k\n" + max + "\nGET k\n");
        assertThat(r.readLine()).isEqualTo("PUT: OK\n");
        expectValue(max);
        String over = "GET k" + repeat('x', 4092 - 5);
        r.send("PUT k\n" + over + "\nGET k\n");
        assertThat(r.readLine()).isEqualTo("PUT: ERROR\n");
        expectValue(max);
    }

    @Test
    void messagesOfExactly4096BytesAreAccepted() throws Exception {
        String key = repeat('k', 4096 - "GET \n".length());
        r.send("PUT " + key + "\nv\nGET " + key + "\nDELETE " + key.substring(3) + "\n");
        assertThat(r.readLine()).as("PUT's line is 4096 bytes").isEqualTo("PUT: OK\n");
        expectValue("v");
        assertThat(r.readLine()).isEqualTo("DELETE: OK\n");
        r.send("PUT k\n" + repeat('v', 4095) + "\nGET k\n");
        assertThat(r.readLine()).as("a 4096-byte value line is read, and refused").isEqualTo("PUT: ERROR\n");
        assertThat(r.readLine()).isEqualTo("GET: ERROR\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0000", "\u0080", "\u00ff", "caf\u00e9"})
    void bytesOutside0x01To0x7FInPutAreRefusedAndTheSessionGoesOn(String bad) throws Exception {
        r.send("PUT k\nold\nPUT k\n" + bad + "\nPUT " + bad + "\nv\nGET k\n");
        assertThat(r.readLine()).isEqualTo("PUT: OK\n");
        assertThat(r.readLine()).as("in the value").isEqualTo("PUT: ERROR\n");
        assertThat(r.readLine()).as("in the key").isEqualTo("PUT: ERROR\n");
        expectValue("old");
    }

    @Test
    void aGetKeyWithANulByteIsAsciiSoItIsAnsweredNotAViolation() throws Exception {
        r.send("GET k\u0000\n");
        assertThat(r.readLine()).isEqualTo("GET: ERROR\n");
    }

    @Test
    void pipelinedCommandsAreAnsweredInOrder() throws Exception {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            out.append("PUT k").append(i).append('\n').append("v").append(i).append('\n');
            out.append("GET k").append(i).append('\n');
            out.append("DELETE k").append(i - 1).append('\n');
        }
        r.send(out.toString());
        for (int i = 0; i < 300; i++) {
            assertThat(r.readLine()).isEqualTo("PUT: OK\n");
            expectValue("v" + i);
            assertThat(r.readLine()).isEqualTo("DELETE: OK\n");
        }
        assertThat(kv.server().registry().table().keys("cmd")).isEqualTo(1);
    }
}
