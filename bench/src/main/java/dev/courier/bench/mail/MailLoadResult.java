package dev.courier.bench.mail;

import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What a mail load test measured within its measured window.
 *
 * @param spec           the test
 * @param acked          sends answered {@code OK:sent} (stored durably)
 * @param errReplies     sends answered {@code ERR}
 * @param failures       connections that failed (they stop sending)
 * @param nanos          length of the measured window
 * @param latencyMicros  latency of acknowledged sends, microseconds
 * @param errorTexts     the ERR texts seen, with how often
 */
public record MailLoadResult(MailLoadSpec spec, long acked, long errReplies, long failures, long nanos,
                             Histogram latencyMicros, Map<String, Long> errorTexts) {
    /** Acknowledged sends per second. */
    public double throughput() {
        return acked / (nanos / 1e9);
    }

    /** A latency percentile in milliseconds. */
    public double percentileMillis(double p) {
        return latencyMicros.getValueAtPercentile(p) / 1000.0;
    }

    /** Mean latency in milliseconds. */
    public double meanMillis() {
        return latencyMicros.getMean() / 1000.0;
    }

    /** Largest latency in milliseconds. */
    public double maxMillis() {
        return latencyMicros.getMaxValue() / 1000.0;
    }
}
