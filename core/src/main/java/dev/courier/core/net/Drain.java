package dev.courier.core.net;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.group.ChannelGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The graceful close every server shares, after it has stopped accepting: each connection is told the drain began
 * ({@link #BEGIN}); one idle between commands closes at once, one in the middle of a command or message closes right
 * after its reply. The server waits at most a grace period for them; what is still open then is cut, and one line
 * per service says what was cut.
 */
public final class Drain {
    private static final Logger LOG = LoggerFactory.getLogger(Drain.class);
    /** The grace a server gives its connections on SIGTERM unless told otherwise ({@code --shutdown-grace}). */
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(30);
    /** How long asking a connection's event loop what it is doing may take before it is named without details. */
    static final Duration DESCRIBE_TIMEOUT = Duration.ofSeconds(1);
    /**
     * How long a drain waits before looking again. The server looks for connections that joined the group late
     * (accepted just before the listener closed); a handler looks this long after its last read or reply whether
     * it is idle, since a read pass may stop at its message limit with bytes still in the socket, read in a task
     * queued after it.
     */
    public static final Duration RECHECK = Duration.ofMillis(50);

    /** The user event fired down each connection's pipeline when the drain begins. */
    public static final Object BEGIN = new Object() {
        @Override
        public String toString() {
            return "Drain.BEGIN";
        }
    };

    /** A connection's handler that takes part in the drain: it can tell what the connection is in the middle of. */
    public interface Work extends ChannelHandler {
        /**
         * What the connection is in the middle of, in words for the log ("transfer in flight from ..."), or null
         * when it is idle between commands. Called on the connection's event loop.
         */
        String inFlight();
    }

    private Drain() {
    }

    /**
     * Drains {@code channels} (whose listener no longer accepts): tells each the drain began, waits at most
     * {@code grace} for them to close, then cuts the rest, logging one line for {@code service} if any was cut.
     *
     * @return what each cut connection was in the middle of (empty if every one finished within the grace)
     */
    public static List<String> close(String service, ChannelGroup channels, Duration grace) {
        return close(service, channels, grace, System.nanoTime() + grace.toNanos());
    }

    /**
     * As {@link #close(String, ChannelGroup, Duration)}, ending at {@code deadline} ({@link System#nanoTime()}) when
     * part of {@code grace} went to draining something else first (the KV server's RSA edition).
     */
    public static List<String> close(String service, ChannelGroup channels, Duration grace, long deadline) {
        Set<Channel> told = new HashSet<>();
        while (true) {
            // Told in rounds: a connection accepted just before the listener closed joins the group a moment later.
            for (Channel ch : channels) {
                if (told.add(ch)) {
                    begin(ch);
                }
            }
            long left = deadline - System.nanoTime();
            if (channels.isEmpty() || left <= 0) {
                break;
            }
            long slice = Math.min(left, RECHECK.toNanos());
            channels.newCloseFuture().awaitUninterruptibly(Math.max(1, TimeUnit.NANOSECONDS.toMillis(slice)));
        }
        List<String> cut = new ArrayList<>();
        for (Channel ch : channels) {
            String what = describe(ch);
            if (what != null) {
                cut.add(what);
                cut(ch);
            }
        }
        if (!cut.isEmpty()) {
            LOG.warn("{}: grace of {} ran out: cut {} {}: {}", service, words(grace), cut.size(),
                    cut.size() == 1 ? "connection" : "connections", String.join("; ", cut));
        }
        // What is left was idle, closing once its last replies are out: they get a short while to leave.
        Connections.drainAndClose(channels);
        return cut;
    }

    /**
     * A draining connection's next look at whether it is idle: at most one queued at a time, {@link #RECHECK} after
     * it was asked for. Not at once: a read pass that stopped at its message limit completes with bytes still in the
     * socket and reads them in a task queued after it, and a connection that starts reading again finds requests
     * that waited in the socket only in its next pass. Used on the connection's event loop only.
     */
    public static final class Recheck {
        private boolean queued;

        /** Runs {@code look} on {@code ctx}'s loop after {@link #RECHECK}, unless a look is queued already. */
        public void soon(ChannelHandlerContext ctx, Runnable look) {
            if (queued) {
                return;
            }
            queued = true;
            ctx.executor().schedule(() -> {
                queued = false;
                look.run();
            }, RECHECK.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        }
    }

    /** Flushes what was written to the connection, then closes it: how a draining handler ends an idle one. */
    public static void closeWhenFlushed(ChannelHandlerContext ctx) {
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    /** A duration for a log line: "30 s", "250 ms". */
    public static String words(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /** A byte count for a log line: "512 B", "3.0 KiB", "1.2 GiB". */
    public static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /**
     * Closes a connection at once, from the head of its pipeline: past the TLS handler, whose close would first
     * wait for a close_notify to reach a peer that may not be reading. Its handlers still see it go inactive (a
     * transfer's temporary file is deleted then).
     */
    private static void cut(Channel ch) {
        ChannelHandlerContext first = ch.pipeline().firstContext();
        if (first == null) {
            ch.close();
        } else {
            first.close();
        }
    }

    /** Tells one connection the drain began; one whose pipeline takes no part in drains has nothing to finish. */
    private static void begin(Channel ch) {
        if (work(ch) == null) {
            // A handshake not yet done, say: nothing in flight there.
            ch.close();
        } else {
            ch.pipeline().fireUserEventTriggered(BEGIN);
        }
    }

    private static Work work(Channel ch) {
        for (Map.Entry<String, ChannelHandler> e : ch.pipeline()) {
            if (e.getValue() instanceof Work w) {
                return w;
            }
        }
        return null;
    }

    /** What an open connection is in the middle of, asked on its event loop; null if it is idle or gone. */
    private static String describe(Channel ch) {
        Work w = work(ch);
        if (w == null || !ch.isOpen()) {
            return null;
        }
        try {
            return ch.eventLoop().submit(w::inFlight).get(DESCRIBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("{} cannot say what it is doing: {}", ch, e.toString());
        }
        return "a connection from " + ch.remoteAddress();
    }
}
