package dev.courier.kv.store.journal;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Passes changes to a {@link Replay} in order, dropping PUT and DELETED records (and ERASED ones) for sessions it
 * has not seen created: a replay never hears of an unknown session. Such orphans are expected in one case, a
 * compaction racing with an erase (the snapshot misses the session, the new journal still has its last changes
 * before its ERASED record), so orphans later erased are counted apart from those that never are.
 */
final class KnownSessions implements Consumer<Change> {
    private final Replay replay;
    private final Set<String> known = new HashSet<>();
    /** Orphan records per unknown session, until an ERASED record explains them. */
    private final Map<String, Long> orphans = new HashMap<>();
    private long explained;

    KnownSessions(Replay replay) {
        this.replay = replay;
    }

    @Override
    public void accept(Change c) {
        if (c instanceof Change.Created) {
            known.add(c.id());
        } else if (!known.contains(c.id())) {
            if (c instanceof Change.Erased) {
                Long n = orphans.remove(c.id());
                explained += n == null ? 0 : n;
            } else {
                orphans.merge(c.id(), 1L, Long::sum);
            }
            return;
        } else if (c instanceof Change.Erased) {
            known.remove(c.id());
        }
        c.replayInto(replay);
    }

    /** Orphan records no ERASED record explains: damage (a CREATED record was lost). */
    long unexplainedOrphans() {
        return orphans.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Orphan records of sessions erased afterwards: the trace of a compaction racing with an erase. */
    long explainedOrphans() {
        return explained;
    }
}
