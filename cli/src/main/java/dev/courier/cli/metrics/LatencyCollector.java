package dev.courier.cli.metrics;

import dev.courier.core.metrics.LatencyHistogram;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Exposes the services' {@link LatencyHistogram}s as Prometheus histograms. The services count with their own
 * adders (nothing of Micrometer on the hot path); this reads them at scrape time only.
 */
final class LatencyCollector implements MultiCollector {
    private record Series(Labels labels, LatencyHistogram histogram) {
    }

    private record Family(String help, List<Series> series) {
    }

    private static final double[] UPPER_BOUNDS = upperBounds();

    private final Map<String, Family> families = new LinkedHashMap<>();

    /** Adds the series of {@code histogram} with {@code labels} (name, value pairs) to the family {@code name}. */
    void add(String name, String help, LatencyHistogram histogram, String... labels) {
        families.computeIfAbsent(name, n -> new Family(help, new ArrayList<>()))
                .series().add(new Series(Labels.of(labels), histogram));
    }

    @Override
    public MetricSnapshots collect() {
        MetricSnapshots.Builder all = MetricSnapshots.builder();
        families.forEach((name, family) -> {
            HistogramSnapshot.Builder h = HistogramSnapshot.builder().name(name).help(family.help());
            for (Series s : family.series()) {
                LatencyHistogram.Snapshot snap = s.histogram().snapshot();
                h.dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                        .labels(s.labels())
                        .classicHistogramBuckets(ClassicHistogramBuckets.of(UPPER_BOUNDS, perBucket(snap)))
                        .sum(snap.sumSeconds())
                        .build());
            }
            all.metricSnapshot(h.build());
        });
        return all.build();
    }

    @Override
    public List<String> getPrometheusNames() {
        return new ArrayList<>(families.keySet());
    }

    /** The model takes each bucket's own count and adds them up itself. */
    private static long[] perBucket(LatencyHistogram.Snapshot snap) {
        long[] c = snap.cumulative();
        long[] own = new long[c.length];
        for (int i = 0; i < c.length; i++) {
            own[i] = c[i] - (i == 0 ? 0 : c[i - 1]);
        }
        return own;
    }

    private static double[] upperBounds() {
        double[] b = new double[LatencyHistogram.BUCKET_SECONDS.length + 1];
        System.arraycopy(LatencyHistogram.BUCKET_SECONDS, 0, b, 0, LatencyHistogram.BUCKET_SECONDS.length);
        b[b.length - 1] = Double.POSITIVE_INFINITY;
        return b;
    }
}
