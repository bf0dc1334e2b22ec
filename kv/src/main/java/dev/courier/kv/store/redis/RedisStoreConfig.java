package dev.courier.kv.store.redis;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Where the sessions live when many nodes share them, and the timings of the sharing.
 *
 * @param uri     {@code redis://[user:password@]host:port[/db]}, {@code rediss://...} (TLS to Redis), or
 *                {@code redis-cluster://host:port[,host:port...]} ({@code rediss-cluster://} with TLS)
 * @param prefix  what every key of Courier's starts with, so that one Redis can serve other programs too
 * @param lease   how long a binding outlives its node: a node renews its leases every third of it; a dead node's
 *                sessions become resumable elsewhere at most this long after its last renewal
 * @param timeout how long a command may take before its client is answered ERROR
 * @param cacert  PEM certificates that sign Redis's, for {@code rediss://}; null: the JDK's trusted authorities
 */
public record RedisStoreConfig(String uri, String prefix, Duration lease, Duration timeout, Path cacert) {
    /** Default key prefix. */
    public static final String DEFAULT_PREFIX = "courier:";
    /** Default lease: a few seconds, so that a dead node's clients resume elsewhere quickly. */
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(5);
    /** Default command timeout. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    /** The shortest lease: renewals every third of it must fit between GC pauses and round trips. */
    public static final Duration MIN_LEASE = Duration.ofMillis(300);

    public RedisStoreConfig {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(prefix, "prefix");
        if (lease.compareTo(MIN_LEASE) < 0) {
            throw new IllegalArgumentException("the lease must be at least " + MIN_LEASE.toMillis() + " ms");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the store timeout must be positive");
        }
        if (prefix.indexOf('{') >= 0 || prefix.indexOf('}') >= 0) {
            throw new IllegalArgumentException("the key prefix may not hold { or } (they choose Cluster slots)");
        }
        endpoints(uri);
    }

    /** A store at {@code uri} with the default prefix, lease and timeout. */
    public static RedisStoreConfig of(String uri) {
        return new RedisStoreConfig(uri, DEFAULT_PREFIX, DEFAULT_LEASE, DEFAULT_TIMEOUT, null);
    }

    /** This config with another lease. */
    public RedisStoreConfig withLease(Duration v) {
        return new RedisStoreConfig(uri, prefix, v, timeout, cacert);
    }

    /** This config with another timeout. */
    public RedisStoreConfig withTimeout(Duration v) {
        return new RedisStoreConfig(uri, prefix, lease, v, cacert);
    }

    /** This config with another prefix. */
    public RedisStoreConfig withPrefix(String v) {
        return new RedisStoreConfig(uri, v, lease, timeout, cacert);
    }

    /** This config trusting the certificates in {@code v} for TLS to Redis. */
    public RedisStoreConfig withCacert(Path v) {
        return new RedisStoreConfig(uri, prefix, lease, timeout, v);
    }

    /** Whether the URI names a Redis Cluster. */
    public boolean cluster() {
        return scheme(uri).endsWith("-cluster");
    }

    /** Whether the connections to Redis use TLS. */
    public boolean tls() {
        return scheme(uri).startsWith("rediss");
    }

    /**
     * The URIs Lettuce connects to: one for a standalone Redis, one per seed node for a Cluster (user, password and
     * TLS carried to each).
     */
    public List<String> endpoints() {
        return endpoints(uri);
    }

    /** The URI with its password hidden, for logs. */
    public String redacted() {
        return uri.replaceAll("//([^:@/]*):[^@/]*@", "//$1:***@");
    }

    private static String scheme(String uri) {
        int i = uri.indexOf("://");
        return i < 0 ? "" : uri.substring(0, i).toLowerCase(Locale.ROOT);
    }

    private static List<String> endpoints(String uri) {
        String scheme = scheme(uri);
        if (!List.of("redis", "rediss", "redis-cluster", "rediss-cluster").contains(scheme)) {
            throw new IllegalArgumentException("not a Redis URI: " + redactedOf(uri)
                    + " (use redis://host:port, rediss://host:port or redis-cluster://host:port,host:port)");
        }
        String rest = uri.substring(scheme.length() + 3);
        String base = scheme.startsWith("rediss") ? "rediss" : "redis";
        if (!scheme.endsWith("-cluster")) {
            URI parsed = URI.create(base + "://" + rest);
            if (parsed.getHost() == null) {
                throw new IllegalArgumentException("no host in " + redactedOf(uri));
            }
            return List.of(base + "://" + rest);
        }
        String auth = "";
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            auth = rest.substring(0, at + 1);
            rest = rest.substring(at + 1);
        }
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            rest = rest.substring(0, slash);
        }
        List<String> out = new ArrayList<>();
        for (String hostPort : rest.split(",")) {
            if (hostPort.isBlank()) {
                continue;
            }
            URI parsed = URI.create(base + "://" + hostPort.trim());
            if (parsed.getHost() == null || parsed.getPort() < 0) {
                throw new IllegalArgumentException("not host:port: '" + hostPort + "' in " + redactedOf(uri));
            }
            out.add(base + "://" + auth + hostPort.trim());
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no node in " + redactedOf(uri));
        }
        return out;
    }

    private static String redactedOf(String uri) {
        return uri.replaceAll("//([^:@/]*):[^@/]*@", "//$1:***@");
    }
}
