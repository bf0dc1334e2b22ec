package dev.courier.cli.serve;

import dev.courier.cli.CliFailure;
import dev.courier.cli.Converters;
import dev.courier.cli.metrics.CourierMetrics;
import dev.courier.cli.metrics.HealthChecks;
import dev.courier.cli.metrics.MetricsServer;
import dev.courier.core.budget.MemoryBudget;
import dev.courier.core.config.Port;
import picocli.CommandLine.Option;

/** Serve's flags for the metrics and health endpoint: off unless a port is given. */
final class MetricsOptions {
    /** Default address of the metrics listener: loopback, since the endpoint has no authentication. */
    static final String DEFAULT_BIND = "127.0.0.1";

    @Option(names = "--metrics-port", paramLabel = "PORT", defaultValue = "off",
            description = "HTTP port of GET /metrics (Prometheus text format), /health/live and /health/ready: "
                    + "a number, 0 for any free port (logged), or off.")
    Port port;

    @Option(names = "--metrics-bind", paramLabel = "ADDR", defaultValue = DEFAULT_BIND,
            description = "Address of the metrics listener. It has no authentication: keep it on loopback or a "
                    + "private network.")
    String bind;

    @Option(names = "--health-min-free-disk", paramLabel = "SIZE", converter = Converters.ByteSizeConverter.class,
            defaultValue = "" + HealthChecks.DEFAULT_MIN_FREE_DISK,
            description = "/health/ready fails when the transfer directory's disk has less free space than this.")
    long minFreeDisk;

    /** Whether a metrics port was asked for. */
    boolean enabled() {
        return port != null && port.enabled();
    }

    /** Fails with a usage error on a bad threshold. */
    void check() {
        if (minFreeDisk < 0) {
            throw CliFailure.usage("--health-min-free-disk must not be negative");
        }
    }

    /** Starts the endpoint over the running {@code services}, or fails with a one-line error. */
    MetricsServer start(Services services, MemoryBudget budget) throws InterruptedException {
        CourierMetrics metrics = new CourierMetrics(services, budget);
        try {
            return MetricsServer.start(bind, port.number(), metrics, new HealthChecks(services, minFreeDisk),
                    metrics);
        } catch (InterruptedException e) {
            metrics.close();
            throw e;
        } catch (Exception e) {
            metrics.close();
            // Netty reports a port in use as a checked exception it does not declare.
            throw CliFailure.failure("cannot start metrics on " + bind + ":" + port + ": " + e.getMessage());
        }
    }
}
