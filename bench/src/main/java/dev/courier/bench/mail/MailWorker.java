package dev.courier.bench.mail;

import dev.courier.mail.client.MailAsyncClient;
import dev.courier.mail.client.MailException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.HdrHistogram.Histogram;

/**
 * One connection of the load: keeps {@code pipeline} sends in flight until told to stop. Replies complete on the
 * connection's event loop, so the counters and the histogram are touched by one thread at a time.
 */
final class MailWorker {
    private final MailAsyncClient client;
    private final String recipient;
    private final String body;
    private final Window window;
    private final Map<String, Long> errorTexts;
    private final Histogram histogram = new Histogram(3_600_000_000L, 3);
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    private int inFlight;
    private long acked;
    private long errReplies;
    private boolean failed;

    /** The measured window, in System.nanoTime() terms; sends stop at its end. */
    static final class Window {
        volatile long start = Long.MAX_VALUE;
        volatile long end = Long.MAX_VALUE;

        boolean measures(long t) {
            return t >= start && t < end;
        }
    }

    MailWorker(MailAsyncClient client, String recipient, String body, Window window,
               ConcurrentHashMap<String, Long> errorTexts) {
        this.client = client;
        this.recipient = recipient;
        this.body = body;
        this.window = window;
        this.errorTexts = errorTexts;
    }

    /** Starts {@code pipeline} sends; call once, on the connection's event loop. */
    void start(int pipeline) {
        for (int i = 0; i < pipeline; i++) {
            inFlight++;
            next();
        }
    }

    private void next() {
        long t0 = System.nanoTime();
        if (failed || t0 >= window.end) {
            if (--inFlight == 0) {
                finished.complete(null);
            }
            return;
        }
        client.send(recipient, MailLoadSpec.SUBJECT, body).whenComplete((id, e) -> {
            long t1 = System.nanoTime();
            if (e == null) {
                if (window.measures(t1)) {
                    acked++;
                    histogram.recordValue(Math.max(1, (t1 - t0) / 1000));
                }
            } else if (cause(e) instanceof MailException m && m.reason() == MailException.Reason.ERROR_REPLY) {
                if (window.measures(t1)) {
                    errReplies++;
                }
                errorTexts.merge(m.code().wire() + ": " + m.serverText(), 1L, Long::sum);
            } else {
                failed = true;
                errorTexts.merge("failure: " + cause(e), 1L, Long::sum);
            }
            next();
        });
    }

    private static Throwable cause(Throwable e) {
        return e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    /** Completes once every send in flight has been answered after the window's end. */
    CompletableFuture<Void> finished() {
        return finished;
    }

    MailAsyncClient client() {
        return client;
    }

    Histogram histogram() {
        return histogram;
    }

    long acked() {
        return acked;
    }

    long errReplies() {
        return errReplies;
    }

    boolean failed() {
        return failed;
    }
}
