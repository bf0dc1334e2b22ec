package dev.courier.cli.serve;

import dev.courier.cli.metrics.MetricsServer;
import dev.courier.kv.rsa.KvRsaListener;
import dev.courier.kv.server.KvServer;
import dev.courier.mail.server.MailServer;
import dev.courier.transfer.server.TransferServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The services one {@code courier serve} runs; closing stops them all. */
public final class Services implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Services.class);
    private KvServer kv;
    private MailServer mail;
    private TransferServer transfer;
    private MetricsServer metrics;

    Services() {
    }

    void kv(KvServer s) {
        kv = s;
    }

    void mail(MailServer s) {
        mail = s;
    }

    void transfer(TransferServer s) {
        transfer = s;
    }

    void metrics(MetricsServer s) {
        metrics = s;
    }

    /** The metrics and health endpoint, or null when its port is off. */
    public MetricsServer metrics() {
        return metrics;
    }

    /** The KV server, or null when its port is off. */
    public KvServer kv() {
        return kv;
    }

    /** The KV legacy RSA edition's listener, or null when its port is off. */
    public KvRsaListener kvRsa() {
        return kv == null ? null : kv.rsa();
    }

    /** The mail server, or null when its port is off. */
    public MailServer mail() {
        return mail;
    }

    /** The transfer receiver, or null when its port is off. */
    public TransferServer transfer() {
        return transfer;
    }

    /** "kv on ADDR, ..." for the ready line. */
    String describe() {
        List<String> parts = new ArrayList<>();
        if (kv != null) {
            parts.add("kv on " + kv.address());
        }
        if (kvRsa() != null) {
            parts.add("kv-rsa on " + kvRsa().address());
        }
        if (mail != null) {
            parts.add("mail on " + mail.address() + (mail.config().plaintext() ? " (CLEAR TEXT)" : " (TLS)"));
        }
        if (transfer != null) {
            parts.add("transfer on " + transfer.address() + (transfer.config().tls() ? " (TLS)" : " (plain)")
                    + " into " + transfer.config().directory());
        }
        if (metrics != null) {
            parts.add("metrics on http://" + metrics.address().getHostString() + ":" + metrics.port() + "/metrics");
        }
        return String.join(", ", parts);
    }

    /** Stops every service and cuts their connections at once: {@link #close(Duration)} with no grace. */
    @Override
    public void close() {
        close(Duration.ZERO);
    }

    /**
     * Drains every service side by side, so that the whole stop takes at most {@code grace} (plus closing the
     * stores): each stops accepting, lets connections in the middle of a command or message finish it for at most
     * {@code grace}, then cuts the rest and logs what it cut. The RSA listener is drained by the KV server that owns
     * it; mail commits what it queued before closing its store.
     */
    public void close(Duration grace) {
        // First, so that no probe reads a service half closed (a load balancer sees the node gone at once).
        if (metrics != null) {
            metrics.close();
        }
        List<Thread> stopping = new ArrayList<>();
        if (transfer != null) {
            stopping.add(stopInBackground("transfer", () -> transfer.close(grace)));
        }
        if (kv != null) {
            stopping.add(stopInBackground("kv", () -> kv.close(grace)));
        }
        if (mail != null) {
            stopping.add(stopInBackground("mail", () -> mail.close(grace)));
        }
        for (Thread t : stopping) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static Thread stopInBackground(String service, Runnable close) {
        Thread t = new Thread(() -> {
            try {
                close.run();
            } catch (RuntimeException e) {
                LOG.warn("{}: error while stopping: {}", service, e.toString());
            }
        }, "courier-stop-" + service);
        t.start();
        return t;
    }
}
