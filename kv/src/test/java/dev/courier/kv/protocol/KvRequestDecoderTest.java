package dev.courier.kv.protocol;

import static dev.courier.kv.Wire.bytes;
import static dev.courier.kv.Wire.concat;
import static dev.courier.kv.Wire.repeat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.kv.Wire;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import org.junit.jupiter.api.Test;

class KvRequestDecoderTest {
    private static final byte[] HASH = Wire.hash(0x41);

    @Test
    void decodesEveryRequestFormHoweverTheStreamIsSplit() {
        byte[] in = concat(Requests.connect("alice smith", HASH), bytes(
                "PUT k 1\nvalue one\n"
                + "PUT \n\n"
                + "GET k 1\n"
                + "GET \n"
                + "GET  two  spaces \n"
                + "DELETE k 1\n"
                + "DELETE \n"
                + "DISCONNECT\n"));
        assertThat(Requests.decode(in)).isEqualTo(Requests.list(
                new KvRequest.Connect("alice smith", HASH),
                new KvRequest.Put("k 1", bytes("value one")),
                new KvRequest.Put("", new byte[0]),
                new KvRequest.Get("k 1"),
                new KvRequest.Get(""),
                new KvRequest.Get(" two  spaces "),
                new KvRequest.Delete("k 1"),
                new KvRequest.Delete(""),
                new KvRequest.Disconnect()));
    }

    @Test
    void readsThe32HashBytesRawLineFeedsIncluded() {
        byte[] tricky = Wire.trickyHash();
        assertThat(Requests.decode(concat(Requests.connect("a", tricky), bytes("GET k\n"))))
                .isEqualTo(Requests.list(new KvRequest.Connect("a", tricky), new KvRequest.Get("k")));
        byte[] lfs = Wire.hash('\n');
        assertThat(Requests.decode(concat(Requests.connect("b", lfs), bytes("DISCONNECT\n"))))
                .isEqualTo(Requests.list(new KvRequest.Connect("b", lfs), new KvRequest.Disconnect()));
    }

    @Test
    void readsAHashOfEveryByteValue() {
        for (int start = 0; start < 256; start += 32) {
            byte[] h = new byte[32];
            for (int i = 0; i < 32; i++) {
                h[i] = (byte) (start + i);
            }
            assertThat(Requests.decode(Requests.connect("c", h)))
                    .isEqualTo(Requests.list(new KvRequest.Connect("c", h)));
        }
    }

    @Test
    void waitsForAllOfTheHash() {
        EmbeddedChannel ch = new EmbeddedChannel(new KvRequestDecoder(4096, Edition.TLS));
        ch.writeInbound(Unpooled.wrappedBuffer(concat(bytes("CONNECT a\n"), new byte[31])));
        assertThat((Object) ch.readInbound()).isNull();
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[1]));
        assertThat(Requests.canon((Object) ch.readInbound())).isEqualTo(Requests.canon(
                new KvRequest.Connect("a", new byte[32])));
        ch.finishAndReleaseAll();
    }

    @Test
    void putsValueIsTheWholeNextMessageWhateverItHolds() {
        byte[] in = concat(Requests.connect("a", HASH), bytes(
                "PUT k\nGET x\n"
                + "PUT DISCONNECT\nDISCONNECT\n"
                + "PUT cr\r\nv\r\n"
                + "PUT \u0080k\n\u0000\u00ff\n"
                + "GET cr\r\n"));
        assertThat(Requests.decode(in)).isEqualTo(Requests.list(
                new KvRequest.Connect("a", HASH),
                new KvRequest.Put("k", bytes("GET x")),
                new KvRequest.Put("DISCONNECT", bytes("DISCONNECT")),
                new KvRequest.Put("cr\r", bytes("v\r")),
                // Bytes outside 0x01-0x7F in PUT are the command's to refuse with PUT: ERROR (spec section 4).
                new KvRequest.Put("\u0080k", bytes("\u0000\u00ff")),
                new KvRequest.Get("cr\r")));
    }

    @Test
    void crIsDataInIdsAndKeys() {
        byte[] in = concat(Requests.connect("id\r", HASH), bytes("GET \r\nDELETE k\r\r\n"));
        assertThat(Requests.decode(in)).isEqualTo(Requests.list(
                new KvRequest.Connect("id\r", HASH), new KvRequest.Get("\r"), new KvRequest.Delete("k\r\r")));
    }

    @Test
    void acceptsMessagesOfExactly4096BytesLfIncluded() {
        String key = repeat('k', 4096 - "GET \n".length());
        String value = repeat('v', 4095);
        String id = repeat('i', 4096 - "CONNECT \n".length());
        byte[] in = concat(Requests.connect(id, HASH),
                bytes("GET " + key + "\n" + "PUT " + key + "\n" + value + "\n" + "DELETE k\n"));
        assertThat(Requests.decode(in)).isEqualTo(Requests.list(
                new KvRequest.Connect(id, HASH),
                new KvRequest.Get(key),
                new KvRequest.Put(key, bytes(value)),
                new KvRequest.Delete("k")));
    }

    @Test
    void aCommandLineOf4097BytesIsAViolation() {
        String key = repeat('k', 4097 - "GET \n".length());
        assertThat(Requests.decode(concat(Requests.connect("a", HASH), bytes("GET " + key + "\nGET k\n"))))
                .isEqualTo(List.of(Requests.canon(new KvRequest.Connect("a", HASH)), "VIOLATION"));
    }

    @Test
    void aValueLineOf4097BytesIsAViolation() {
        String value = repeat('v', 4096);
        assertThat(Requests.decode(concat(Requests.connect("a", HASH), bytes("PUT k\n" + value + "\nGET k\n"))))
                .isEqualTo(List.of(Requests.canon(new KvRequest.Connect("a", HASH)), "VIOLATION"));
    }

    @Test
    void aConnectLineOf4097BytesIsAViolation() {
        String id = repeat('i', 4097 - "CONNECT \n".length());
        assertThat(Requests.decode(concat(Requests.connect(id, HASH), bytes("GET k\n"))))
                .containsExactly("VIOLATION");
    }

    @Test
    void anOverlongMessageIsAViolationBeforeItsLfArrives() {
        EmbeddedChannel ch = new EmbeddedChannel(new KvRequestDecoder(4096, Edition.TLS));
        ch.writeInbound(Unpooled.wrappedBuffer(concat(Requests.connect("a", HASH), bytes("GET "))));
        ch.readInbound();
        ch.writeInbound(Unpooled.wrappedBuffer(bytes(repeat('k', 4091))));
        assertThat((Object) ch.readInbound()).as("4095 bytes, no LF yet: may still fit").isNull();
        ch.writeInbound(Unpooled.wrappedBuffer(bytes("k")));
        assertThat(Requests.canon((Object) ch.readInbound())).isEqualTo("VIOLATION");
        ch.finishAndReleaseAll();
    }

    @Test
    void theLimitIsConfigurable() {
        EmbeddedChannel ch = new EmbeddedChannel(new KvRequestDecoder(32, Edition.TLS));
        String key = repeat('k', 32 - "GET \n".length());
        ch.writeInbound(Unpooled.wrappedBuffer(concat(Requests.connect("a", HASH),
                bytes("GET " + key + "\nGET " + key + "k\n"))));
        ch.readInbound();
        assertThat(Requests.canon((Object) ch.readInbound())).isEqualTo("GET[" + key + "]");
        assertThat(Requests.canon((Object) ch.readInbound())).isEqualTo("VIOLATION");
        ch.finishAndReleaseAll();
    }

    @Test
    void rsaEditionConnectHasNoHash() {
        EmbeddedChannel ch = new EmbeddedChannel(new KvRequestDecoder(4096, Edition.RSA));
        ch.writeInbound(Unpooled.wrappedBuffer(bytes("CONNECT a\nGET k\n")));
        assertThat(Requests.canon((Object) ch.readInbound())).isEqualTo("CONNECT[a][-]");
        assertThat(Requests.canon((Object) ch.readInbound())).isEqualTo("GET[k]");
        ch.finishAndReleaseAll();
    }
}
