package dev.courier.mail.durability;

import dev.courier.mail.store.DelegatingMailStore;
import dev.courier.mail.store.Delivery;
import dev.courier.mail.store.MailStore;
import dev.courier.mail.store.MailboxQuota;
import dev.courier.mail.store.NewMessage;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A deliberately broken store for the durability test only: it answers "delivered" at once and commits a minute
 * later, as a store that acknowledges before commit would. A kill in that minute loses every message it acked.
 */
final class AckBeforeCommitStore extends DelegatingMailStore {
    /** How long the broken store sits on a batch before it commits it. */
    static final long COMMIT_DELAY_SECONDS = 60;
    private final AtomicLong fakeIds = new AtomicLong(1_000_000_000L);
    private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ack-before-commit");
        t.setDaemon(true);
        return t;
    });

    AckBeforeCommitStore(MailStore inner) {
        super(inner);
    }

    @Override
    public List<Delivery> deliver(List<NewMessage> batch, MailboxQuota quota) {
        List<NewMessage> copy = List.copyOf(batch);
        later.schedule(() -> inner.deliver(copy, quota), COMMIT_DELAY_SECONDS, TimeUnit.SECONDS);
        return copy.stream().map(m -> Delivery.delivered(fakeIds.incrementAndGet())).toList();
    }
}
