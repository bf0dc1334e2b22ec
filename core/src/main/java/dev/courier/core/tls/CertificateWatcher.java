package dev.courier.core.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads a {@link CertificateStore} when its files change on disk (checked every interval: their modification time
 * and size, following symbolic links, so a renamed-into-place file or a swapped link is seen), or when asked (on
 * SIGHUP). Each outcome is logged once: the new certificate served, or why the new files are refused and the old
 * pair kept. A server's client CA (mutual TLS), when it has one, is watched and reloaded the same way.
 */
public final class CertificateWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CertificateWatcher.class);
    /** How often the files are looked at, by default. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

    private final CertificateStore store;
    private final ClientCa clientCa;
    private final ScheduledExecutorService timer;
    private List<Object> seen;
    /** The state of the files last refused: not logged again until they change again. */
    private List<Object> refused;

    private CertificateWatcher(CertificateStore store, ClientCa clientCa, Duration interval) {
        this.store = store;
        this.clientCa = clientCa;
        this.seen = state();
        if (interval.isZero() || interval.isNegative()) {
            this.timer = null;
            return;
        }
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tls-watch");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1, interval.toMillis());
        timer.scheduleWithFixedDelay(this::poll, every, every, TimeUnit.MILLISECONDS);
    }

    /** Watches {@code store}'s files every {@code interval} (zero: only when {@link #reload} is called). */
    public static CertificateWatcher start(CertificateStore store, Duration interval) {
        return new CertificateWatcher(store, null, interval);
    }

    /** Watches {@code store}'s files and {@code clientCa}'s (null: none) every {@code interval}. */
    public static CertificateWatcher start(CertificateStore store, ClientCa clientCa, Duration interval) {
        return new CertificateWatcher(store, clientCa, interval);
    }

    private synchronized void poll() {
        List<Object> now = state();
        if (!now.equals(seen)) {
            seen = now;
            reload("the files changed");
        }
    }

    /** Reads the files again now ({@code why} names the cause in the log); true when a new pair is served. */
    public synchronized boolean reload(String why) {
        seen = state();
        reloadClientCa(why);
        try {
            CertificateStore.Reload r = store.reload();
            refused = null;
            if (r == CertificateStore.Reload.CHANGED) {
                LOG.info("TLS: {}: serving the new certificate {} (SHA-256 {}, valid until {}) to new connections; "
                        + "open ones keep theirs", why, store.certFile(), store.fingerprint(),
                        store.chain().get(0).getNotAfter().toInstant());
                return true;
            }
            LOG.info("TLS: {}: the certificate is unchanged (SHA-256 {})", why, store.fingerprint());
        } catch (IOException | RuntimeException e) {
            if (!seen.equals(refused)) {
                refused = seen;
                LOG.warn("TLS: {}: the new certificate or key is refused ({}); still serving SHA-256 {}", why,
                        e.getMessage(), store.fingerprint());
            }
        }
        return false;
    }

    /** The client CA's file read again; logged when it changed or is refused (the authorities in force stay). */
    private void reloadClientCa(String why) {
        if (clientCa == null) {
            return;
        }
        try {
            if (clientCa.reload()) {
                LOG.info("TLS: {}: new client CA {} ({} certificate(s)) for new connections; open ones keep theirs",
                        why, clientCa.file(), clientCa.authorities().size());
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("TLS: {}: the client CA {} is refused ({}); the one in force stays", why, clientCa.file(),
                    e.getMessage());
        }
    }

    /** Modification times and sizes of the files (null for a missing one). */
    private List<Object> state() {
        return java.util.Arrays.asList(stat(store.certFile()), stat(store.keyFile()),
                clientCa == null ? null : stat(clientCa.file()));
    }

    private static Object stat(Path p) {
        if (p == null) {
            return null;
        }
        try {
            return Files.getLastModifiedTime(p).toMillis() + ":" + Files.size(p);
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    @Override
    public String toString() {
        return "CertificateWatcher[" + Objects.toString(store.certFile()) + "]";
    }
}
