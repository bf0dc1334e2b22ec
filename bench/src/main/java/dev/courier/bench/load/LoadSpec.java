package dev.courier.bench.load;

import java.time.Duration;

/**
 * One test of a load run.
 *
 * @param name      the test's name as printed (PUT, GET, MIX)
 * @param putShare  fraction of requests that are PUTs (1 for put, 0 for get, 0.1 for the 90/10 mix)
 * @param clients   parallel connections
 * @param requests  requests in all (ignored when {@code duration} is set)
 * @param duration  run for this long instead of a request count, or null
 * @param pipeline  requests in flight per connection
 * @param dataSize  value size in bytes
 * @param keyspace  keys are drawn at random from this many (1: one key)
 * @param rate      intended requests per second in all (constant-rate mode), or 0 for as fast as possible
 */
public record LoadSpec(String name, double putShare, int clients, long requests, Duration duration, int pipeline,
                       int dataSize, int keyspace, double rate) {
    /** Checks the values. */
    public LoadSpec {
        if (clients < 1 || pipeline < 1 || dataSize < 0 || keyspace < 1 || rate < 0) {
            throw new IllegalArgumentException("clients, pipeline and keyspace must be positive");
        }
        if (duration == null && requests < 1) {
            throw new IllegalArgumentException("give a request count or a duration");
        }
    }
}
