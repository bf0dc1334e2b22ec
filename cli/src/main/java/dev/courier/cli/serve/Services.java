package dev.courier.cli.serve;

import dev.courier.cli.metrics.MetricsServer;
import dev.courier.kv.rsa.KvRsaListener;
import dev.courier.kv.server.KvServer;
import dev.courier.mail.server.MailServer;
import dev.courier.transfer.server.TransferServer;
import java.util.ArrayList;
import java.util.List;

/** The services one {@code courier serve} runs; closing stops them all. */
public final class Services implements AutoCloseable {
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

    /**
     * Stops accepting, lets open connections finish their current command, then closes them. The RSA listener
     * is closed by the KV server that owns it, first; mail commits what it queued before closing its store.
     */
    @Override
    public void close() {
        // First, so that no probe reads a service half closed.
        if (metrics != null) {
            metrics.close();
        }
        if (transfer != null) {
            transfer.close();
        }
        if (kv != null) {
            kv.close();
        }
        if (mail != null) {
            mail.close();
        }
    }
}
