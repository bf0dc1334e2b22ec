package dev.courier.kv.record;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.kv.protocol.Edition;
import dev.courier.kv.protocol.KvRequest;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The record dialect's request decoder: one message per record, whatever pieces each record's plaintext comes in. */
class KvRecordRequestDecoderTest {
    private static final int MAX = 64;
    private static final byte[] HASH = new byte[32];

    static {
        for (int i = 0; i < HASH.length; i++) {
            HASH[i] = (byte) (i * 7 + 10);
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Feeds each record's plaintext in pieces cut at {@code cut} (0: whole), each record followed by its end. */
    private static List<Object> decode(Edition edition, int cut, byte[]... records) {
        EmbeddedChannel ch = new EmbeddedChannel(new KvRecordRequestDecoder(MAX, edition));
        for (byte[] r : records) {
            if (cut > 0 && cut < r.length) {
                ch.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(r, 0, cut)));
                ch.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(r, cut, r.length)));
            } else {
                ch.writeInbound(Unpooled.wrappedBuffer(r));
            }
            ch.pipeline().fireUserEventTriggered(RecordEnd.INSTANCE);
        }
        List<Object> out = new ArrayList<>();
        for (Object o; (o = ch.readInbound()) != null; ) {
            out.add(o);
        }
        ch.finishAndReleaseAll();
        return out;
    }

    private static String show(List<Object> requests) {
        StringBuilder s = new StringBuilder();
        for (Object o : requests) {
            if (o instanceof KvRequest.Connect c) {
                s.append("CONNECT ").append(c.clientId()).append(c.hash() == null ? " (no hash)"
                        : Arrays.equals(c.hash(), HASH) ? " +hash" : " +other hash");
            } else if (o instanceof KvRequest.Put p) {
                s.append("PUT ").append(p.key()).append('=').append(new String(p.value(), StandardCharsets.ISO_8859_1));
            } else {
                s.append(o);
            }
            s.append('|');
        }
        return s.toString();
    }

    @Test
    void readsASessionOfRecordsSplitAtEveryByte() {
        byte[][] session = {ascii("CONNECT alice"), HASH, ascii("PUT greeting\nhello world"), ascii("GET greeting"),
            ascii("DELETE greeting"), ascii("PUT \n"), ascii("DISCONNECT")};
        String expected = "CONNECT alice +hash|PUT greeting=hello world|Get[key=greeting]|Delete[key=greeting]|"
                + "PUT =|Disconnect[]|";
        for (int cut = 0; cut <= 24; cut++) {
            assertThat(show(decode(Edition.TLS, cut, session))).as("cut at %d", cut).isEqualTo(expected);
        }
    }

    @Test
    void aRecordThatDecodesToNothingIsNoMessage() {
        assertThat(show(decode(Edition.TLS, 0, new byte[0], ascii("CONNECT a"), new byte[0], HASH, new byte[0],
                ascii("GET k")))).isEqualTo("CONNECT a +hash|Get[key=k]|");
    }

    @Test
    void theRsaEditionsConnectHasNoHashRecord() {
        assertThat(show(decode(Edition.RSA, 0, ascii("CONNECT bob"), ascii("PUT k\nv"), ascii("GET k"))))
                .isEqualTo("CONNECT bob (no hash)|PUT k=v|Get[key=k]|");
    }

    @Test
    void aPutRecordSplitsAtItsFirstLfOnly() {
        List<Object> r = decode(Edition.TLS, 0, ascii("CONNECT a"), HASH, ascii("PUT k\nline one\nline two"));
        assertThat(new String(((KvRequest.Put) r.get(1)).value(), StandardCharsets.ISO_8859_1))
                .as("the value keeps its LF; PUT answers PUT: ERROR for it").isEqualTo("line one\nline two");
    }

    @Test
    void violationsEndTheStream() {
        assertThat(show(decode(Edition.TLS, 0, ascii("CONNECT a"), HASH, ascii("PUT k"), ascii("GET k"))))
                .isEqualTo("CONNECT a +hash|Violation[reason=a PUT record without the LF before its value]|");
        assertThat(show(decode(Edition.TLS, 0, ascii("CONNECT a"), HASH, ascii("GET k\n"))))
                .isEqualTo("CONNECT a +hash|Violation[reason=an LF inside a record other than PUT's]|");
        assertThat(show(decode(Edition.TLS, 0, ascii("CONNECT a"), Arrays.copyOf(HASH, 31))))
                .isEqualTo("Violation[reason=a hash record of 31 bytes, not 32]|");
        assertThat(show(decode(Edition.TLS, 0, ascii("CONNECT a\n"), HASH)))
                .isEqualTo("Violation[reason=an LF inside a record other than PUT's]|");
        assertThat(show(decode(Edition.TLS, 0, ascii("GET k"))))
                .isEqualTo("Violation[reason=GET before CONNECT]|");
        assertThat(show(decode(Edition.TLS, 0, ascii("CONNECT a"), HASH, ascii("DISCONNECT "))))
                .isEqualTo("CONNECT a +hash|Violation[reason=unknown command]|");
    }

    @Test
    void eachPartIsHeldToTheMessageLimitAsItsLfLineWouldBe() {
        String key = "k".repeat(MAX - 5);
        String value = "v".repeat(MAX - 1);
        // "PUT " + key + LF is MAX bytes, value + LF is MAX bytes: the record is twice the limit less one.
        assertThat(show(decode(Edition.TLS, 7, ascii("CONNECT a"), HASH, ascii("PUT " + key + "\n" + value))))
                .isEqualTo("CONNECT a +hash|PUT " + key + "=" + value + "|");
        assertThat(show(decode(Edition.TLS, 0, ascii("CONNECT a"), HASH, ascii("PUT " + key + "k\nv"))))
                .isEqualTo("CONNECT a +hash|Violation[reason=message longer than 64 bytes]|");
        assertThat(show(decode(Edition.TLS, 0, ascii("CONNECT a"), HASH, ascii("PUT k\n" + value + "v"))))
                .isEqualTo("CONNECT a +hash|Violation[reason=message longer than 64 bytes]|");
        assertThat(show(decode(Edition.TLS, 0, ascii("CONNECT a"), HASH, ascii("GET " + "k".repeat(MAX - 4)))))
                .isEqualTo("CONNECT a +hash|Violation[reason=message longer than 64 bytes]|");
        assertThat(show(decode(Edition.TLS, 3, ascii("CONNECT a"), HASH, new byte[10 * MAX])))
                .as("a record past the bound: its bytes are dropped, not kept")
                .isEqualTo("CONNECT a +hash|Violation[reason=message longer than 64 bytes]|");
    }
}
