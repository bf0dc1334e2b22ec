package dev.courier.kv.record;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.kv.KvServerExtension;
import dev.courier.kv.protocol.KvDialect;
import dev.courier.kv.server.KvStorage;
import dev.courier.kv.store.journal.JournalSettings;
import dev.courier.kv.store.journal.Persistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The record dialect's server never joins two answers in one record, also when the answers are written together:
 * with {@code always} persistence a burst of PUTs waits for one fsync, and their answers leave in one pass. (Answers
 * written while their request's record is read are wrapped before the next record is; those written together
 * would share a record if they were flushed together.)
 */
class KvRecordBurstTest {
    /** Records sent in one TCP write, many more than one fsync takes. */
    private static final int BURST = 200;

    @RegisterExtension
    final KvServerExtension kv = new KvServerExtension(c -> c.withDialect(KvDialect.RECORD)
            .withStorage(new KvStorage(Persistence.ALWAYS, c.accountsFile().getParent().resolve("sessions"),
                    JournalSettings.defaults())));

    @Test
    void answersWrittenTogetherStillLeaveOneRecordEach() throws Exception {
        try (RecordPeer p = RecordPeer.connect(kv.port())) {
            p.send("CONNECT burst").send(KvServerExtension.hash("burst"));
            assertThat(p.read()).isEqualTo("CONNECT: OK");
            p.cork();
            for (int i = 0; i < BURST; i++) {
                p.send("PUT k" + i + "\nv" + i);
            }
            assertThat(p.uncork()).as("the burst left in one write, as records").isGreaterThan(BURST * 5);
            for (int i = 0; i < BURST; i++) {
                assertThat(p.read()).as("answer %d", i).isEqualTo("PUT: OK");
            }
            assertThat(p.send("GET k" + (BURST - 1)).read()).startsWith("GET v" + (BURST - 1) + "\n");
        }
    }
}
