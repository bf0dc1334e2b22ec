package dev.courier.cli.serve;

import dev.courier.kv.server.KvServer;
import dev.courier.mail.server.MailServer;
import java.util.ArrayList;
import java.util.List;

/** The services one {@code courier serve} runs; closing stops them all. */
public final class Services implements AutoCloseable {
    private final KvServer kv;
    private final MailServer mail;

    Services(KvServer kv, MailServer mail) {
        this.kv = kv;
        this.mail = mail;
    }

    /** The mail server, or null when its port is off. */
    public MailServer mail() {
        return mail;
    }

    /** What runs where, for the log. */
    String describe() {
        List<String> parts = new ArrayList<>();
        if (kv != null) {
            parts.add("kv on " + kv.address());
        }
        if (mail != null) {
            parts.add("mail on " + mail.address() + (mail.config().plaintext() ? " (CLEAR TEXT)" : ""));
        }
        return String.join(", ", parts);
    }

    /** The KV server, or null when its port is off. */
    public KvServer kv() {
        return kv;
    }

    /** Stops accepting, lets open connections finish their current command, then closes them. */
    @Override
    public void close() {
        if (kv != null) {
            kv.close();
        }
        if (mail != null) {
            // Stops accepting, lets written replies drain, closes connections, commits queued mail, closes the store.
            mail.close();
        }
    }
}
