package dev.courier.cli.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.courier.cli.serve.Services;
import dev.courier.kv.store.redis.RedisSessionStore;
import dev.courier.mail.store.AsyncMailStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The readiness checks of one {@code courier serve}: every listener bound, every store reachable (the mail
 * database by a real query, Redis by a PING), and free disk for transfer above a threshold.
 */
public final class HealthChecks {
    /** Longest a store check may take before it counts as failed: a scrape must not hang on a dead database. */
    public static final Duration CHECK_TIMEOUT = Duration.ofSeconds(2);
    /** Default least free space on the transfer directory's disk for readiness. */
    public static final long DEFAULT_MIN_FREE_DISK = 64L << 20;

    /** The outcome of one check: whether it passed and a short line saying what was seen. */
    public record Result(boolean up, String detail) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Supplier<Result>> checks = new LinkedHashMap<>();

    /** The checks of the running {@code services}; transfer's disk must keep {@code minFreeDisk} bytes free. */
    public HealthChecks(Services services, long minFreeDisk) {
        if (services.kv() != null) {
            checks.put("kv_listener", () -> listener(services.kv().accepting(), services.kv().address()));
            if (services.kv().store() instanceof RedisSessionStore redis) {
                checks.put("kv_store_redis", () -> redis(redis));
            }
        }
        if (services.mail() != null) {
            checks.put("mail_listener", () -> listener(services.mail().accepting(), services.mail().address()));
            checks.put("mail_store", () -> mailStore(services.mail().store()));
        }
        if (services.transfer() != null) {
            checks.put("transfer_listener", () -> listener(services.transfer().accepting(),
                    services.transfer().address()));
            Path dir = services.transfer().config().directory();
            checks.put("transfer_disk", () -> disk(dir, minFreeDisk));
        }
    }

    /** Runs every check, in order. */
    public Map<String, Result> run() {
        Map<String, Result> out = new LinkedHashMap<>();
        checks.forEach((name, check) -> {
            Result r;
            try {
                r = check.get();
            } catch (RuntimeException e) {
                r = new Result(false, "check failed: " + e.getMessage());
            }
            out.put(name, r);
        });
        return out;
    }

    /** {@code {"status":"UP"|"DOWN","checks":{name:{"status":..,"detail":..}}}}. */
    public static String json(Map<String, Result> results) {
        ObjectNode root = JSON.createObjectNode();
        root.put("status", allUp(results) ? "UP" : "DOWN");
        ObjectNode checks = root.putObject("checks");
        results.forEach((name, r) -> checks.putObject(name).put("status", r.up() ? "UP" : "DOWN")
                .put("detail", r.detail()));
        return root.toString();
    }

    /** Whether every check passed. */
    public static boolean allUp(Map<String, Result> results) {
        return results.values().stream().allMatch(Result::up);
    }

    private static Result listener(boolean accepting, Object address) {
        return accepting ? new Result(true, "listening on " + address) : new Result(false, "not listening");
    }

    private static Result redis(RedisSessionStore redis) {
        try {
            redis.ping().get(CHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return new Result(true, "answers PING");
        } catch (TimeoutException e) {
            return new Result(false, "no answer within " + CHECK_TIMEOUT.toMillis() + " ms");
        } catch (ExecutionException e) {
            return new Result(false, "PING failed: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(false, "interrupted");
        }
    }

    private static Result mailStore(AsyncMailStore store) {
        if (store.closed()) {
            return new Result(false, "closed");
        }
        try {
            // A real round trip on a reader thread: it proves the database answers, not just that a pool exists.
            store.submit(s -> s.maxPasswordIterations()).get(CHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return new Result(true, "answers");
        } catch (TimeoutException e) {
            return new Result(false, "no answer within " + CHECK_TIMEOUT.toMillis() + " ms");
        } catch (ExecutionException e) {
            return new Result(false, "query failed: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(false, "interrupted");
        }
    }

    private static Result disk(Path dir, long minFree) {
        try {
            long free = Files.getFileStore(dir).getUsableSpace();
            String detail = (free >> 20) + " MiB free, at least " + (minFree >> 20) + " MiB wanted";
            return new Result(free >= minFree, detail);
        } catch (IOException e) {
            return new Result(false, "cannot read free space: " + e.getMessage());
        }
    }
}
