package dev.courier.cli.serve;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/** Turns SIGHUP into a reload of the TLS certificate (as nginx and most daemons do), instead of the JVM's exit. */
final class ReloadSignal implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReloadSignal.class);

    private final Signal signal;
    private final SignalHandler previous;

    private ReloadSignal(Signal signal, SignalHandler previous) {
        this.signal = signal;
        this.previous = previous;
    }

    /** Runs {@code reload} on each SIGHUP, on a thread of its own so a slow reload never holds the signal. */
    static ReloadSignal install(Runnable reload) {
        try {
            Signal hup = new Signal("HUP");
            SignalHandler old = Signal.handle(hup, s -> {
                Thread t = new Thread(reload, "tls-reload");
                t.setDaemon(true);
                t.start();
            });
            return new ReloadSignal(hup, old);
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            // Ignored at start (nohup) or not on this platform: the file watch still reloads.
            LOG.debug("cannot handle SIGHUP: {}", e.getMessage());
            return new ReloadSignal(null, null);
        }
    }

    @Override
    public void close() {
        if (signal != null) {
            Signal.handle(signal, previous);
        }
    }
}
