package dev.courier.kv.persist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.kv.KvServerExtension;
import dev.courier.kv.RawTlsConnection;
import dev.courier.kv.Wire;
import dev.courier.kv.store.journal.Persistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code --kv-max-waiting-replies}: past it the server stops reading from the connection until answers leave; a
 * deep pipeline is slowed, never refused, and its answers keep their order.
 */
class KvWaitingRepliesTest {
    private static final int MAX = 4;

    @RegisterExtension
    final KvServerExtension kv = new KvServerExtension(c -> PersistenceCases.kept(Persistence.ALWAYS)
            .apply(c.withLimits(c.limits().withMaxWaitingReplies(MAX))));

    @Test
    void aPipelineDeeperThanTheBoundIsAnsweredInFullAndInOrder() throws Exception {
        assertThat(kv.server().config().limits().maxWaitingReplies()).isEqualTo(MAX);
        try (RawTlsConnection r = RawTlsConnection.open(kv.port())) {
            r.connect("deep", Wire.hash(7));
            assertThat(r.readLine()).isEqualTo("CONNECT: OK\n");
            StringBuilder batch = new StringBuilder();
            for (int i = 0; i < 300; i++) {
                batch.append("PUT k").append(i % 10).append("\nv").append(i).append("\nGET k").append(i % 10)
                        .append('\n');
            }
            r.send(batch.toString());
            for (int i = 0; i < 300; i++) {
                assertThat(r.readLine()).isEqualTo("PUT: OK\n");
                assertThat(r.readLine()).isEqualTo("GET v" + i + "\n");
                assertThat(r.readLine()).isEqualTo(Wire.crc("v" + i) + "\n");
            }
        }
    }
}
