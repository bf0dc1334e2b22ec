package dev.courier.kv.persist;

import dev.courier.kv.KvServerExtension;
import dev.courier.kv.store.journal.Persistence;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The restart cases with {@code --kv-persistence everysec}: Every acknowledged write on disk within a second. */
class KvPersistenceEverySecondTest extends PersistenceCases {
    @RegisterExtension
    final KvServerExtension kv = new KvServerExtension(kept(Persistence.EVERYSEC));

    @Override
    KvServerExtension kv() {
        return kv;
    }
}
