package dev.courier.kv.command;

import static dev.courier.kv.Wire.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.core.auth.SaltedDigest;
import dev.courier.kv.Wire;
import dev.courier.kv.protocol.KvReply;
import dev.courier.kv.protocol.KvRequest;
import dev.courier.kv.store.SessionTable;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

class GetCommandTest {
    private static final String S = "session";
    private final SessionTable store = new SessionTable(10, 100, 100_000);
    private final GetCommand get = new GetCommand();

    GetCommandTest() {
        store.create(S, SaltedDigest.of(Wire.hash(1)));
    }

    @Test
    void answersTheValueAndItsCrc32() {
        store.put(S, "k", bytes("hello world"));
        KvReply r = Commands.run(get.execute(new KvRequest.Get("k"), Commands.hold(S), Commands.over(store)));
        assertThat(r).isInstanceOf(KvReply.Value.class);
        KvReply.Value v = (KvReply.Value) r;
        assertThat(v.value()).isEqualTo(bytes("hello world"));
        CRC32 crc = new CRC32();
        crc.update(bytes("hello world"));
        assertThat(v.crc()).isEqualTo(crc.getValue());
    }

    @Test
    void crcIsTheZlibOneAsAnUnsignedNumber() {
        // The published check value of CRC-32/ISO-HDLC, and one above 2^31 so a signed int would show.
        assertThat(GetCommand.crc32(bytes("123456789"))).isEqualTo(0xCBF43926L).isEqualTo(3421780262L);
        assertThat(GetCommand.crc32(new byte[0])).isZero();
    }

    @Test
    void aMissingKeyIsGetError() {
        assertThat(Commands.run(get.execute(new KvRequest.Get("nope"), Commands.hold(S), Commands.over(store)))).isEqualTo(KvReply.Status.GET_ERROR);
        assertThat(Commands.run(get.execute(new KvRequest.Get("k"), Commands.hold("no such session"), Commands.over(store)))).isEqualTo(KvReply.Status.GET_ERROR);
    }

    @Test
    void anEmptyValueIsFoundNotMissing() {
        store.put(S, "", new byte[0]);
        assertThat(Commands.run(get.execute(new KvRequest.Get(""), Commands.hold(S), Commands.over(store)))).isInstanceOf(KvReply.Value.class);
    }

    @Test
    void sessionsDoNotSeeEachOthersKeys() {
        store.create("other", SaltedDigest.of(Wire.hash(2)));
        store.put("other", "k", bytes("theirs"));
        assertThat(Commands.run(get.execute(new KvRequest.Get("k"), Commands.hold(S), Commands.over(store)))).isEqualTo(KvReply.Status.GET_ERROR);
    }
}
