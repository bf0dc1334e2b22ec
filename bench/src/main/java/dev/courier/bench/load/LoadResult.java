package dev.courier.bench.load;

import org.HdrHistogram.Histogram;

/** What a test measured: completed requests, errors, wall time and the latency histogram (microseconds). */
public record LoadResult(LoadSpec spec, long completed, long errors, long nanos, Histogram latencyMicros) {
    /** Completed requests per second. */
    public double throughput() {
        return completed / (nanos / 1e9);
    }

    /** A latency percentile in milliseconds. */
    public double percentileMillis(double p) {
        return latencyMicros.getValueAtPercentile(p) / 1000.0;
    }

    /** Mean latency in milliseconds. */
    public double meanMillis() {
        return latencyMicros.getMean() / 1000.0;
    }

    /** Smallest latency in milliseconds. */
    public double minMillis() {
        return latencyMicros.getMinValue() / 1000.0;
    }

    /** Largest latency in milliseconds. */
    public double maxMillis() {
        return latencyMicros.getMaxValue() / 1000.0;
    }
}
