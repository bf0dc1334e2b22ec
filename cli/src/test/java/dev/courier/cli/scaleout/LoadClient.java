package dev.courier.cli.scaleout;

import dev.courier.cli.attack.ServerProcess;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client of {@code KvRedisOutageIT} on its own thread: on its own session, in a loop, {@code PUT k<n> LF <i>}
 * then {@code GET k<n>} ({@code i} counts the writes, {@code n = i mod KEYS}, so that every value is unique). It
 * checks every answer as it comes: in time, no success while Redis cannot answer, and never a wrong value (one
 * other than the last acknowledged, or than that of a later PUT whose outcome is unknown); after
 * the outage it reconnects when its connection answers ERROR or was dropped, and then reads every key back.
 */
final class LoadClient implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(LoadClient.class);
    /** Keys per session: write {@code i} goes to {@code k<i mod KEYS>}. */
    static final int KEYS = 32;
    /** The longest an answer may take: the store timeout and a second of slack. */
    static final Duration ANSWER_BOUND = RedisNodes.STORE_TIMEOUT.plusSeconds(1);
    /** A read waits this long before the test calls it a hang (well past {@link #ANSWER_BOUND}, to measure it). */
    private static final int READ_TIMEOUT_MILLIS = 5_000;
    /** How long a client waits between two refused CONNECTs. */
    private static final long RETRY_MILLIS = 50;
    private static final long NONE = Long.MAX_VALUE;

    final String id;
    private final ServerProcess node;
    /** Per key: the value the last acknowledged PUT wrote (null: none yet). */
    private final String[] acked = new String[KEYS];
    /**
     * Per key: the PUTs sent since its last acknowledged one that were not acknowledged (answered ERROR, or no
     * answer), oldest first. Their outcome is unknown: a node answers ERROR when Redis did not answer within the
     * timeout, and Redis may have run the command all the same, before it froze or after it woke.
     */
    private final List<List<Unacknowledged>> unknown = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private NodeConnection connection;
    private long next;
    private volatile boolean stop;
    /** When Redis stopped answering (after the signal) and when the test let it answer again (before that). */
    private volatile long outageStart = NONE;
    private volatile long outageEnd = NONE;

    // Figures, read by the test after join().
    volatile long acknowledged;
    volatile long firstOkAfterOutage = NONE;
    long errorsInOutage;
    /** GETs the owning node answered from its copy while Redis could not answer. */
    long copyAnswersInOutage;
    long answersInOutage;
    long maxLatencyNanos;
    long maxLatencyInOutageNanos;
    long dropped;
    long reconnects;
    long refusedConnects;
    long keysVerified;
    long unacknowledgedApplied;

    LoadClient(String id, ServerProcess node) throws Exception {
        this.id = id;
        this.node = node;
        for (int k = 0; k < KEYS; k++) {
            unknown.add(new ArrayList<>());
        }
        connection = NodeConnection.tryConnect(node, id, READ_TIMEOUT_MILLIS)
                .orElseThrow(() -> new AssertionError(id + ": the first CONNECT was refused"));
    }

    /** Marks the start of the outage: Redis no longer answers from now on. */
    void outageStarted(long nanos) {
        outageStart = nanos;
    }

    /** Marks its end: Redis may answer from now on. */
    void outageEnded(long nanos) {
        outageEnd = nanos;
    }

    /** Milliseconds from the outage's end to the first acknowledged PUT sent after it; -1 before that PUT. */
    long recoveryMillis() {
        long ok = firstOkAfterOutage;
        return ok == NONE ? -1 : (ok - outageEnd) / 1_000_000;
    }

    /** Ends the loop after the request under way. */
    void stop() {
        stop = true;
    }

    /** What went wrong, in order. */
    synchronized List<String> problems() {
        return List.copyOf(problems);
    }

    @Override
    public void run() {
        while (!stop) {
            try {
                if (connection == null) {
                    reconnect();
                } else {
                    step();
                }
            } catch (SocketTimeoutException e) {
                problem("no answer within " + READ_TIMEOUT_MILLIS + " ms (a hang)");
                drop();
            } catch (IOException e) {
                dropped++;
                drop();
            } catch (RuntimeException | Error e) {
                problem("the client failed: " + e);
                drop();
            }
        }
        if (connection != null) {
            try {
                connection.close();
            } catch (IOException e) {
                // The session is released either way: the node sees the connection end.
            }
            connection = null;
        }
    }

    /** One PUT and the GET of the same key. */
    private void step() throws IOException {
        long seq = next++;
        int k = (int) (seq % KEYS);
        String key = "k" + k;
        String value = Long.toString(seq);
        long sent = System.nanoTime();
        Unacknowledged pending = new Unacknowledged(value, sent);
        unknown.get(k).add(pending);
        String put = connection.put(key, value);
        long done = answered(sent, put.equals("PUT: OK"), true, "PUT " + key + " -> " + put);
        pending.answer = put;
        pending.answeredNanos = done;
        if (put.equals("PUT: OK")) {
            acked[k] = value;
            unknown.get(k).clear();
            acknowledged++;
            if (sent >= outageEnd && firstOkAfterOutage == NONE) {
                firstOkAfterOutage = done;
            }
        } else if (put.equals("PUT: ERROR")) {
            if (sent >= outageEnd) {
                // Redis answers again, so this binding was lost (its lease lapsed in the outage): a new CONNECT.
                drop();
                return;
            }
        } else {
            problem("PUT " + key + " answered '" + put + "'");
        }
        sent = System.nanoTime();
        String got = connection.get(key);
        answered(sent, !got.equals(NodeConnection.ERROR), false, "GET " + key + " -> " + got);
        if (!got.equals(NodeConnection.ERROR)) {
            check(k, got, "GET right after its PUT");
        }
    }

    /**
     * Checks an answer's time, and that nothing that needs Redis (a PUT) succeeded while Redis could not answer; a
     * GET may: the node that holds the lease answers it from its copy while the lease is confirmed (its value is
     * checked as any other). Returns when it came.
     */
    private long answered(long sent, boolean success, boolean needsRedis, String what) {
        long done = System.nanoTime();
        long latency = done - sent;
        maxLatencyNanos = Math.max(maxLatencyNanos, latency);
        if (latency > ANSWER_BOUND.toNanos()) {
            problem(what + " took " + latency / 1_000_000 + " ms, past " + ANSWER_BOUND.toMillis() + " ms");
        }
        if (sent >= outageStart && done < outageEnd) {
            answersInOutage++;
            maxLatencyInOutageNanos = Math.max(maxLatencyInOutageNanos, latency);
            if (success && needsRedis) {
                problem(what + ": a success while Redis could not answer");
            } else if (success) {
                copyAnswersInOutage++;
            } else {
                errorsInOutage++;
            }
        }
        return done;
    }

    /**
     * A value read for key {@code k} must be the last acknowledged one, or that of a PUT sent after it whose outcome
     * is unknown (answered ERROR, or not at all): such a write may have been applied. Those are counted and logged
     * apart. Anything else (an older value, a value never written to this key) is a problem.
     */
    private void check(int k, String got, String when) {
        if (got.equals(acked[k])) {
            return;
        }
        List<Unacknowledged> maybe = unknown.get(k);
        for (int at = 0; at < maybe.size(); at++) {
            Unacknowledged u = maybe.get(at);
            if (u.value.equals(got)) {
                unacknowledgedApplied++;
                LOG.info("{}: {}: k{} holds '{}', written by a PUT sent {} ms from the outage's start and answered "
                        + "'{}' {} ms later: Redis ran it though the node had given up on it (the last acknowledged "
                        + "value: '{}')", id, when, k, got, relative(u.sentNanos), u.answer,
                        u.answer == null ? "(none)" : (u.answeredNanos - u.sentNanos) / 1_000_000, acked[k]);
                // It is the value now: the PUTs sent before it can no longer take effect after it.
                acked[k] = got;
                maybe.subList(0, at + 1).clear();
                return;
            }
        }
        problem(when + ": k" + k + " holds '" + got + "', but the last acknowledged PUT wrote '" + acked[k]
                + "' and no PUT since wrote that");
    }

    /** One CONNECT on a new connection; after the outage, reads every key back once it is accepted. */
    private void reconnect() throws IOException {
        long sent = System.nanoTime();
        Optional<NodeConnection> c;
        try {
            c = NodeConnection.tryConnect(node, id, READ_TIMEOUT_MILLIS);
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
        answered(sent, c.isPresent(), true, "CONNECT " + id + (c.isPresent() ? " -> OK" : " -> ERROR"));
        if (c.isEmpty()) {
            refusedConnects++;
            pace();
            return;
        }
        connection = c.get();
        reconnects++;
        if (sent >= outageEnd) {
            verifyAll("after a reconnect");
        }
    }

    /** Reads every key: each must hold its last acknowledged value (ERROR only for a key never acknowledged). */
    void verifyAll(String when) throws IOException {
        for (int k = 0; k < KEYS; k++) {
            long sent = System.nanoTime();
            String got = connection.get("k" + k);
            answered(sent, !got.equals(NodeConnection.ERROR), false, "GET k" + k + " " + when);
            keysVerified++;
            if (got.equals(NodeConnection.ERROR)) {
                if (acked[k] != null) {
                    problem(when + ": k" + k + " answered GET: ERROR, but '" + acked[k] + "' was acknowledged");
                }
            } else {
                check(k, got, when);
            }
        }
    }

    /** After the load: moves this session to {@code other} and reads every key there. */
    void verifyOn(ServerProcess other, Duration atMost) throws Exception {
        long deadline = System.nanoTime() + atMost.toNanos();
        Optional<NodeConnection> c = Optional.empty();
        while (c.isEmpty() && System.nanoTime() < deadline) {
            // The old connection's release reaches Redis asynchronously: until then the session is busy.
            c = NodeConnection.tryConnect(other, id, READ_TIMEOUT_MILLIS);
            if (c.isEmpty()) {
                pace();
            }
        }
        if (c.isEmpty()) {
            problem("CONNECT on the other node refused for " + atMost.toMillis() + " ms after the load");
            return;
        }
        connection = c.get();
        try {
            verifyAll("on the other node after the load");
        } finally {
            connection.close();
            connection = null;
        }
    }

    private void drop() {
        if (connection != null) {
            try {
                connection.abort();
            } catch (IOException e) {
                // Already gone.
            }
            connection = null;
        }
    }

    private static void pace() {
        try {
            // Spacing between CONNECT retries, not a wait for a condition: each retry is itself the check.
            Thread.sleep(RETRY_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void problem(String what) {
        problems.add(String.format("%s, %s ms from the outage's start: %s", id, relative(System.nanoTime()), what));
    }

    /** Milliseconds from the outage's start to {@code nanos}, or "(before any outage)". */
    private String relative(long nanos) {
        long start = outageStart;
        return start == NONE ? "(before any outage)" : Long.toString((nanos - start) / 1_000_000);
    }

    /** A PUT not acknowledged: its value, when it was sent, and what it was answered (null: nothing). */
    private static final class Unacknowledged {
        final String value;
        final long sentNanos;
        String answer;
        long answeredNanos;

        Unacknowledged(String value, long sentNanos) {
            this.value = value;
            this.sentNanos = sentNanos;
        }
    }
}
