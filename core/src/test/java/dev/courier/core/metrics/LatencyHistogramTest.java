package dev.courier.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {
    @Test
    void eachObservationLandsInTheFirstBucketWhoseBoundItDoesNotExceed() {
        LatencyHistogram h = new LatencyHistogram();
        h.record(50_000);            // exactly 50 us: the first bucket (le 0.00005)
        h.record(50_001);            // just above: the second (le 0.0001)
        h.record(3_000_000);         // 3 ms: le 0.005
        h.record(20_000_000_000L);   // 20 s: above every bound, only +Inf
        h.record(-5);                // a clock step backwards counts as 0
        LatencyHistogram.Snapshot s = h.snapshot();
        long[] c = s.cumulative();
        assertThat(c).hasSize(LatencyHistogram.BUCKET_SECONDS.length + 1);
        assertThat(c[0]).isEqualTo(2);     // 0 and 50 us
        assertThat(c[1]).isEqualTo(3);
        assertThat(c[indexOf(0.0025)]).isEqualTo(3);
        assertThat(c[indexOf(0.005)]).isEqualTo(4);
        assertThat(c[indexOf(10)]).isEqualTo(4);
        assertThat(s.count()).isEqualTo(5).isEqualTo(h.count());
        assertThat(s.sumSeconds()).isEqualTo((50_000 + 50_001 + 3_000_000 + 20_000_000_000L) / 1e9);
    }

    @Test
    void theBoundsRiseStrictly() {
        double[] b = LatencyHistogram.BUCKET_SECONDS;
        for (int i = 1; i < b.length; i++) {
            assertThat(b[i]).isGreaterThan(b[i - 1]);
        }
    }

    private static int indexOf(double bound) {
        for (int i = 0; i < LatencyHistogram.BUCKET_SECONDS.length; i++) {
            if (LatencyHistogram.BUCKET_SECONDS[i] == bound) {
                return i;
            }
        }
        throw new IllegalArgumentException("no bucket " + bound);
    }
}
