package dev.courier.kv.command;

import static dev.courier.kv.Wire.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.core.auth.SaltedDigest;
import dev.courier.kv.Wire;
import dev.courier.kv.protocol.KvReply;
import dev.courier.kv.protocol.KvRequest;
import dev.courier.kv.store.SessionTable;
import org.junit.jupiter.api.Test;

class DeleteCommandTest {
    private static final String S = "session";
    private final SessionTable store = new SessionTable(10, 2, 100);
    private final DeleteCommand delete = new DeleteCommand();

    DeleteCommandTest() {
        store.create(S, SaltedDigest.of(Wire.hash(1)));
    }

    @Test
    void removesTheKeyAndFreesItsRoom() {
        store.put(S, "a", bytes("1"));
        store.put(S, "b", bytes("2"));
        assertThat(Commands.run(delete.execute(new KvRequest.Delete("a"), Commands.hold(S), Commands.over(store)))).isEqualTo(KvReply.Status.DELETE_OK);
        assertThat(store.get(S, "a")).isNull();
        assertThat(store.keys(S)).isEqualTo(1);
        assertThat(store.bytes(S)).isEqualTo(2);
        assertThat(store.put(S, "c", bytes("3"))).as("the key limit has room again")
                .isEqualTo(dev.courier.kv.store.SessionStore.Stored.STORED);
    }

    @Test
    void deletingAMissingKeyIsOk() {
        assertThat(Commands.run(delete.execute(new KvRequest.Delete("never"), Commands.hold(S), Commands.over(store)))).isEqualTo(KvReply.Status.DELETE_OK);
        assertThat(store.keys(S)).isZero();
        assertThat(store.bytes(S)).isZero();
    }
}
