package dev.courier.cli.serve;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Turns SIGTERM and SIGINT into a graceful stop. Handling the signals ourselves (instead of letting the JVM run
 * its shutdown hooks) lets the server close its connections and the process exit with status 0. A shutdown hook
 * covers the cases where a handler cannot be installed, and waits for the close to finish. A second signal while
 * stopping ends the process at once.
 */
public final class StopSignals implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StopSignals.class);
    /** How much longer than the grace the fallback shutdown hook waits for the graceful close (stores closing). */
    static final Duration HOOK_MARGIN = Duration.ofSeconds(15);
    private static final String[] SIGNALS = {"TERM", "INT"};

    private final Runnable stop;
    private final Duration hookWait;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();
    private final Thread hook;

    private StopSignals(Runnable stop, Duration hookWait) {
        this.stop = stop;
        this.hookWait = hookWait;
        this.hook = new Thread(this::onShutdown, "courier-shutdown");
    }

    /**
     * Installs the handlers and the hook; {@code stop} is run once, on the first signal. The hook waits for the
     * close as long as {@code grace} and a margin.
     */
    public static StopSignals install(Runnable stop, Duration grace) {
        StopSignals s = new StopSignals(stop, grace.plus(HOOK_MARGIN));
        for (String name : SIGNALS) {
            try {
                Signal sig = new Signal(name);
                SignalHandler old = Signal.handle(sig, s::onSignal);
                s.signals.add(sig);
                s.previous.add(old);
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // Ignored at start (nohup, background job) or reserved: the shutdown hook still stops cleanly.
                LOG.debug("cannot handle SIG{}: {}", name, e.getMessage());
            }
        }
        Runtime.getRuntime().addShutdownHook(s.hook);
        return s;
    }

    private void onSignal(Signal sig) {
        if (stopping.compareAndSet(false, true)) {
            LOG.info("SIG{} received: stopping", sig.getName());
            stop.run();
        } else {
            LOG.warn("second SIG{} while stopping: exiting now", sig.getName());
            Runtime.getRuntime().halt(128 + sig.getNumber());
        }
    }

    private void onShutdown() {
        if (stopping.compareAndSet(false, true)) {
            stop.run();
        }
        try {
            closed.await(hookWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Call once the services are closed: restores the previous handlers and removes the hook. */
    @Override
    public void close() {
        closed.countDown();
        for (int i = 0; i < signals.size(); i++) {
            Signal.handle(signals.get(i), previous.get(i));
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down: the hook is running and has just been released.
        }
    }
}
