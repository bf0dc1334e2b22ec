package dev.courier.bench;

import dev.courier.bench.load.ConnectRate;
import dev.courier.bench.load.LoadResult;
import java.io.PrintStream;
import java.util.Locale;

/** Prints results the way redis-benchmark does (full, {@code -q}, or {@code --csv}), plus p99.9. */
public final class BenchReport {
    private final PrintStream out;
    private final boolean quiet;
    private final boolean csv;
    private boolean headerDone;

    /** A report to {@code out} in the chosen style. */
    public BenchReport(PrintStream out, boolean quiet, boolean csv) {
        this.out = out;
        this.quiet = quiet;
        this.csv = csv;
    }

    /** Prints one load test. */
    public void print(LoadResult r) {
        String name = r.spec().name();
        if (csv) {
            header();
            out.printf(Locale.ROOT, "\"%s\",\"%.2f\",\"%.3f\",\"%.3f\",\"%.3f\",\"%.3f\",\"%.3f\",\"%.3f\",\"%.3f\"%n",
                    name, r.throughput(), r.meanMillis(), r.minMillis(), r.percentileMillis(50),
                    r.percentileMillis(95), r.percentileMillis(99), r.maxMillis(), r.percentileMillis(99.9));
        } else if (quiet) {
            out.printf(Locale.ROOT, "%s: %.2f requests per second, p50=%.3f msec%n", name, r.throughput(),
                    r.percentileMillis(50));
        } else {
            out.printf(Locale.ROOT, "====== %s ======%n", name);
            out.printf(Locale.ROOT, "  %d requests completed in %.2f seconds%n", r.completed(), r.nanos() / 1e9);
            out.printf(Locale.ROOT, "  %d parallel clients%n", r.spec().clients());
            out.printf(Locale.ROOT, "  %d bytes payload%n", r.spec().dataSize());
            out.printf(Locale.ROOT, "  pipeline %d%n", r.spec().pipeline());
            if (r.spec().rate() > 0) {
                out.printf(Locale.ROOT, "  constant rate %.0f requests per second (latency from intended send time)%n",
                        r.spec().rate());
            }
            if (r.errors() > 0) {
                out.printf(Locale.ROOT, "  %d error answers%n", r.errors());
            }
            out.printf(Locale.ROOT, "%nSummary:%n  throughput summary: %.2f requests per second%n", r.throughput());
            out.printf(Locale.ROOT, "  latency summary (msec):%n");
            out.printf(Locale.ROOT, "  %9s %9s %9s %9s %9s %9s %9s%n", "avg", "min", "p50", "p95", "p99", "p99.9", "max");
            out.printf(Locale.ROOT, "  %9.3f %9.3f %9.3f %9.3f %9.3f %9.3f %9.3f%n%n", r.meanMillis(), r.minMillis(),
                    r.percentileMillis(50), r.percentileMillis(95), r.percentileMillis(99), r.percentileMillis(99.9),
                    r.maxMillis());
        }
    }

    /** Prints the connect-rate test. */
    public void print(ConnectRate.Result r, int clients) {
        if (csv) {
            header();
            out.printf(Locale.ROOT, "\"CONNECT\",\"%.2f\",\"\",\"\",\"\",\"\",\"\",\"\",\"\"%n", r.perSecond());
        } else if (quiet) {
            out.printf(Locale.ROOT, "CONNECT: %.2f connections per second%n", r.perSecond());
        } else {
            out.printf(Locale.ROOT, "====== CONNECT (TLS handshake + open + close) ======%n");
            out.printf(Locale.ROOT, "  %d connections in %.2f seconds, %d failed%n  %d parallel clients%n"
                    + "  key exchange: %s%n", r.connections(), r.nanos() / 1e9, r.failures(), clients, r.keyExchange());
            out.printf(Locale.ROOT, "%nSummary:%n  throughput summary: %.2f connections per second%n%n", r.perSecond());
        }
    }

    private void header() {
        if (!headerDone) {
            out.println("\"test\",\"rps\",\"avg_latency_ms\",\"min_latency_ms\",\"p50_latency_ms\",\"p95_latency_ms\","
                    + "\"p99_latency_ms\",\"max_latency_ms\",\"p999_latency_ms\"");
            headerDone = true;
        }
    }
}
