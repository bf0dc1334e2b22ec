package dev.courier.cli.status;

import dev.courier.cli.CliFailure;
import dev.courier.cli.Converters;
import dev.courier.cli.ExitCodes;
import dev.courier.cli.Io;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code courier status}: a one-screen summary of a running server, read from its metrics endpoint. */
@Command(name = "status", sortOptions = false, showDefaultValues = true,
        description = {"Print a one-screen summary of a running courier serve, read from its metrics endpoint "
                + "(serve --metrics-port): uptime, memory budget, connections, sessions, requests per second, "
                + "p99 per command, errors."},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.OK_HELP, ExitCodes.USAGE_HELP, "3:the metrics endpoint cannot be read"})
public final class StatusCommand implements Callable<Integer> {
    /** Default endpoint: serve's metrics on loopback, on the port the README suggests. */
    public static final String DEFAULT_URL = "http://127.0.0.1:9464/metrics";
    /** Longest wait for the endpoint's answer. */
    public static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final Io io;

    @Option(names = "--metrics-url", paramLabel = "URL", defaultValue = DEFAULT_URL,
            description = "The server's metrics endpoint.")
    String url;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "1s",
            converter = Converters.DurationConverter.class,
            description = "Time between the two scrapes the rates are taken from; 0 for one scrape and no rates.")
    Duration interval;

    StatusCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() throws InterruptedException {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage("--metrics-url: not a URL: " + url);
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
            throw CliFailure.usage("--metrics-url must be an http:// or https:// URL, not " + url);
        }
        if (interval.isNegative()) {
            throw CliFailure.usage("--interval must not be negative");
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        PromText before = null;
        long start = 0;
        if (!interval.isZero()) {
            before = PromText.parse(scrape(http, uri));
            start = System.nanoTime();
            Thread.sleep(interval.toMillis());
        }
        PromText now = PromText.parse(scrape(http, uri));
        double seconds = (System.nanoTime() - start) / 1e9;
        io.out().print(StatusReport.of(url, before, now, seconds));
        io.out().flush();
        return ExitCodes.OK;
    }

    private static String scrape(HttpClient http, URI uri) throws InterruptedException {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw CliFailure.failure("cannot read " + uri + ": HTTP " + r.statusCode());
            }
            return r.body();
        } catch (IOException e) {
            throw CliFailure.failure("cannot read " + uri + ": " + (e.getMessage() == null
                    ? e.getClass().getSimpleName() : e.getMessage()));
        }
    }
}
