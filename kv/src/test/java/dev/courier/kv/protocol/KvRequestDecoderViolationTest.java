package dev.courier.kv.protocol;

import static dev.courier.kv.Wire.bytes;
import static dev.courier.kv.Wire.concat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.kv.Wire;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Spec section 5: everything outside the grammar is one violation, and nothing after it is read. */
class KvRequestDecoderViolationTest {
    private static final byte[] HASH = Wire.hash(0x42);
    private static final String CONNECTED = Requests.canon(new KvRequest.Connect("a", HASH));
    /** Valid requests after the violation: none of them may come out. */
    private static final String AFTER = "GET k\nPUT k\nv\nDISCONNECT\nCONNECT b\n";

    @ParameterizedTest
    @ValueSource(strings = {
        "get k\n", "Get k\n", "put k\n", "delete k\n", "disconnect\n", "connect a\n",
        "PUT\n", "GET\n", "DELETE\n", "PUTk\n", "GETk\n", "DELETEk\n", "PUT\tk\n",
        "DISCONNECT x\n", "DISCONNECT \n", "DISCONNECT\r\n", "DISCONNECTX\n",
        "\n", "\r\n", " GET k\n", "FOO\n", "KEYS *\n",
        "GET k\u0080\n", "GET \u00ff\n", "DELETE \u00e9t\u00e9\n", "GET k\u0000\u0090\n",
        "CONNECT b\n", "CONNECT a\n",
    })
    void aBadMessageAfterConnectIsOneViolationAndTheRestIsDiscarded(String bad) {
        byte[] in = concat(Requests.connect("a", HASH), bytes("PUT k\nv\n" + bad + AFTER));
        assertThat(Requests.decode(in)).containsExactly(CONNECTED, "PUT[k][v]", "VIOLATION");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "GET k\n", "PUT k\nv\n", "DELETE k\n", "DISCONNECT\n",
        "CONNECT \n", "CONNECT\n", "CONNECTa\n", "connect a\n", "CONNECT a\u0080\n", "CONNECT \u00ff\n",
        "CONNECT a\u0000b\n", "\n",
    })
    void aBadOrEarlyMessageBeforeConnectIsAViolation(String bad) {
        assertThat(Requests.decode(concat(bytes(bad), Requests.connect("a", HASH), bytes(AFTER))))
                .containsExactly("VIOLATION");
    }

    @Test
    void aSecondConnectIsAViolationEvenWithItsHash() {
        byte[] in = concat(Requests.connect("a", HASH), Requests.connect("a", HASH), bytes(AFTER));
        assertThat(Requests.decode(in)).containsExactly(CONNECTED, "VIOLATION");
    }

    @Test
    void discardsEverythingLaterWhateverArrives() {
        EmbeddedChannel ch = new EmbeddedChannel(new KvRequestDecoder(4096, Edition.TLS));
        ch.writeInbound(Unpooled.wrappedBuffer(bytes("BAD\n")));
        assertThat(Requests.canon((Object) ch.readInbound())).isEqualTo("VIOLATION");
        for (int i = 0; i < 10; i++) {
            ch.writeInbound(Unpooled.wrappedBuffer(concat(Requests.connect("a", HASH), bytes(AFTER))));
            ch.writeInbound(Unpooled.wrappedBuffer(bytes(Wire.repeat('x', 5000))));
        }
        assertThat((Object) ch.readInbound()).isNull();
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void anEmptyStreamAndAPartialMessageAreNotViolations() {
        assertThat(Requests.decode(new byte[0])).isEmpty();
        assertThat(Requests.decode(bytes("CONNECT a"))).isEmpty();
        assertThat(Requests.decode(concat(Requests.connect("a", HASH), bytes("PUT k\nunfinished"))))
                .isEqualTo(List.of(CONNECTED));
    }
}
