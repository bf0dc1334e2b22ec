package dev.courier.cli.serve;

import dev.courier.kv.server.KvServer;

/** The services one {@code courier serve} runs; closing stops them all. */
public final class Services implements AutoCloseable {
    private final KvServer kv;

    Services(KvServer kv) {
        this.kv = kv;
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
    }
}
