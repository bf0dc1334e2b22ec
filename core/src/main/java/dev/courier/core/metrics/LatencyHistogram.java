package dev.courier.core.metrics;

import java.util.concurrent.atomic.LongAdder;

/**
 * A latency histogram over a fixed set of buckets, cheap enough for a request's hot path: one bucket search and two
 * {@link LongAdder} adds per observation, no allocation, no registry lookup. Metrics read it as a Prometheus
 * histogram; the services never see the registry.
 */
public final class LatencyHistogram {
    /**
     * Upper bounds of the buckets, in seconds: from 50 microseconds (a GET on a warm loop) to 10 seconds (a mail
     * commit behind a slow disk). Fixed, so that every server exposes the same series.
     */
    public static final double[] BUCKET_SECONDS = {
        0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    private static final long[] BOUNDS_NANOS = new long[BUCKET_SECONDS.length];

    static {
        for (int i = 0; i < BUCKET_SECONDS.length; i++) {
            BOUNDS_NANOS[i] = Math.round(BUCKET_SECONDS[i] * 1e9);
        }
    }

    /** One adder per bucket, plus the last for observations above every bound (+Inf). */
    private final LongAdder[] buckets = new LongAdder[BUCKET_SECONDS.length + 1];
    private final LongAdder sumNanos = new LongAdder();

    /** An empty histogram. */
    public LatencyHistogram() {
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new LongAdder();
        }
    }

    /** Records one observation of {@code nanos} nanoseconds (negative counts as 0). */
    public void record(long nanos) {
        record(nanos, 1);
    }

    /**
     * Records {@code times} observations of {@code nanos} nanoseconds each: the requests of one read batch, answered
     * together, cost one bucket search and two adds between them.
     */
    public void record(long nanos, long times) {
        if (times <= 0) {
            return;
        }
        long n = Math.max(0, nanos);
        int i = 0;
        while (i < BOUNDS_NANOS.length && n > BOUNDS_NANOS[i]) {
            i++;
        }
        buckets[i].add(times);
        sumNanos.add(n * times);
    }

    /** Records the time since {@code startNanos}, a {@link System#nanoTime()} reading. */
    public void recordSince(long startNanos) {
        record(System.nanoTime() - startNanos);
    }

    /** A copy of the counts: cumulative, as Prometheus wants them, and their sum. */
    public Snapshot snapshot() {
        long[] cumulative = new long[buckets.length];
        long running = 0;
        for (int i = 0; i < buckets.length; i++) {
            running += buckets[i].sum();
            cumulative[i] = running;
        }
        return new Snapshot(cumulative, sumNanos.sum() / 1e9);
    }

    /** Observations so far. */
    public long count() {
        long n = 0;
        for (LongAdder b : buckets) {
            n += b.sum();
        }
        return n;
    }

    /**
     * Counts at one moment: {@code cumulative[i]} observations were at most {@code BUCKET_SECONDS[i]}; the last
     * entry is every observation (+Inf). Taken without a lock, so a concurrent observation may be half counted.
     */
    public record Snapshot(long[] cumulative, double sumSeconds) {
        /** Observations in all. */
        public long count() {
            return cumulative[cumulative.length - 1];
        }
    }
}
