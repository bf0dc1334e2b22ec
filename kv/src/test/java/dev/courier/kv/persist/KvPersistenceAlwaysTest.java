package dev.courier.kv.persist;

import dev.courier.kv.KvServerExtension;
import dev.courier.kv.store.journal.Persistence;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The restart cases with {@code --kv-persistence always}: Answers only once the change is on disk. */
class KvPersistenceAlwaysTest extends PersistenceCases {
    @RegisterExtension
    final KvServerExtension kv = new KvServerExtension(kept(Persistence.ALWAYS));

    @Override
    KvServerExtension kv() {
        return kv;
    }
}
