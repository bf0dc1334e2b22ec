package dev.courier.kv.command;

import static dev.courier.kv.Wire.bytes;
import static dev.courier.kv.Wire.repeat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.core.auth.SaltedDigest;
import dev.courier.kv.KvLimits;
import dev.courier.kv.Wire;
import dev.courier.kv.protocol.KvReply;
import dev.courier.kv.protocol.KvRequest;
import dev.courier.kv.store.SessionTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PutCommandTest {
    private static final String S = "session";
    private final SessionTable store = new SessionTable(10, 3, 100);
    private final PutCommand put = new PutCommand(KvLimits.defaults().maxValueBytes());

    PutCommandTest() {
        store.create(S, SaltedDigest.of(Wire.hash(1)));
    }

    private KvReply put(String key, String value) {
        return put(new PutCommand(KvLimits.defaults().maxValueBytes()), key, value);
    }

    private KvReply put(PutCommand cmd, String key, String value) {
        return Commands.run(cmd.execute(new KvRequest.Put(key, bytes(value)), Commands.hold(S), Commands.over(store)));
    }

    private String stored(String key) {
        byte[] v = store.get(S, key);
        return v == null ? null : Wire.text(v);
    }

    @Test
    void storesAndOverwrites() {
        assertThat(put("k", "one")).isEqualTo(KvReply.Status.PUT_OK);
        assertThat(put("k", "two")).isEqualTo(KvReply.Status.PUT_OK);
        assertThat(stored("k")).isEqualTo("two");
        assertThat(store.keys(S)).isEqualTo(1);
        assertThat(store.bytes(S)).isEqualTo("k".length() + "two".length());
    }

    @Test
    void aValueReadBeforeARewriteOfTheSameLengthKeepsItsBytes() {
        put("k", "one");
        byte[] before = store.get(S, "k");
        assertThat(put("k", "two")).isEqualTo(KvReply.Status.PUT_OK);
        assertThat(Wire.text(before)).isEqualTo("one");
        assertThat(stored("k")).isEqualTo("two");
        assertThat(store.bytes(S)).isEqualTo("k".length() + "two".length());
    }

    @Test
    void rewritesOfOtherLengthsKeepTheByteCount() {
        put("k", "one");
        assertThat(put("k", "three")).isEqualTo(KvReply.Status.PUT_OK);
        assertThat(stored("k")).isEqualTo("three");
        assertThat(put("k", "tw")).isEqualTo(KvReply.Status.PUT_OK);
        assertThat(stored("k")).isEqualTo("tw");
        assertThat(store.bytes(S)).isEqualTo("k".length() + "tw".length());
    }

    @Test
    void emptyKeyAndEmptyValueAreAllowed() {
        assertThat(put("", "")).isEqualTo(KvReply.Status.PUT_OK);
        assertThat(stored("")).isEmpty();
    }

    @Test
    void acceptsEveryByteFrom0x01To0x7F() {
        StringBuilder all = new StringBuilder();
        for (char c = 1; c <= 0x7F; c++) {
            if (c != '\n') {
                all.append(c);
            }
        }
        SessionTable big = new SessionTable(1, 10, 10_000);
        big.create(S, SaltedDigest.of(Wire.hash(1)));
        assertThat(Commands.run(put.execute(new KvRequest.Put(all.toString(), bytes(all.toString())), Commands.hold(S), Commands.over(big))))
                .isEqualTo(KvReply.Status.PUT_OK);
    }

    @Test
    void aValueOf4091BytesFitsAndOf4092DoesNot() {
        SessionTable big = new SessionTable(1, 10, 100_000);
        big.create(S, SaltedDigest.of(Wire.hash(1)));
        assertThat(Commands.run(put.execute(new KvRequest.Put("k", bytes(repeat('v', 4091))), Commands.hold(S), Commands.over(big))))
                .isEqualTo(KvReply.Status.PUT_OK);
        assertThat(Commands.run(put.execute(new KvRequest.Put("k", bytes(repeat('w', 4092))), Commands.hold(S), Commands.over(big))))
                .isEqualTo(KvReply.Status.PUT_ERROR);
        assertThat(big.get(S, "k")).as("old value kept").isEqualTo(bytes(repeat('v', 4091)));
    }

    @Test
    void theValueBoundMovesWithTheMessageLimit() {
        PutCommand small = new PutCommand(KvLimits.defaults().withMaxMessageBytes(32).maxValueBytes());
        assertThat(put(small, "k", repeat('v', 27))).isEqualTo(KvReply.Status.PUT_OK);
        assertThat(put(small, "k", repeat('v', 28))).isEqualTo(KvReply.Status.PUT_ERROR);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0000", "a\u0000", "\u0080", "x\u00ff", "\u00e9"})
    void refusesBytesOutside0x01To0x7FInKeyOrValueAndKeepsTheOldValue(String bad) {
        put("k", "old");
        assertThat(put("k", bad)).as("in the value").isEqualTo(KvReply.Status.PUT_ERROR);
        assertThat(put("k" + bad, "v")).as("in the key").isEqualTo(KvReply.Status.PUT_ERROR);
        assertThat(stored("k")).isEqualTo("old");
        assertThat(store.keys(S)).isEqualTo(1);
        assertThat(store.bytes(S)).isEqualTo(4);
    }

    @Test
    void refusesANewKeyOverTheKeyLimitButStillOverwrites() {
        put("a", "1");
        put("b", "2");
        put("c", "3");
        assertThat(put("d", "4")).isEqualTo(KvReply.Status.PUT_ERROR);
        assertThat(stored("d")).isNull();
        assertThat(put("c", "33")).isEqualTo(KvReply.Status.PUT_OK);
        assertThat(store.keys(S)).isEqualTo(3);
    }

    @Test
    void refusesWhatWouldPassTheByteLimitAndKeepsTheOldValue() {
        assertThat(put("k", repeat('v', 99))).isEqualTo(KvReply.Status.PUT_OK);
        assertThat(store.bytes(S)).isEqualTo(100);
        assertThat(put("k", repeat('w', 100))).isEqualTo(KvReply.Status.PUT_ERROR);
        assertThat(put("x", "")).as("a new key's bytes count too").isEqualTo(KvReply.Status.PUT_ERROR);
        assertThat(stored("k")).isEqualTo(repeat('v', 99));
        assertThat(put("k", "small")).isEqualTo(KvReply.Status.PUT_OK);
        assertThat(store.bytes(S)).isEqualTo(6);
        assertThat(put("x", repeat('x', 93))).as("room freed by the smaller value").isEqualTo(KvReply.Status.PUT_OK);
        assertThat(store.bytes(S)).isEqualTo(100);
    }

    @Test
    void refusesWithoutASession() {
        assertThat(Commands.run(put.execute(new KvRequest.Put("k", bytes("v")), Commands.hold("nobody"), Commands.over(store))))
                .isEqualTo(KvReply.Status.PUT_ERROR);
    }
}
