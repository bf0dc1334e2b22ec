package dev.courier.cli.mail;

import dev.courier.cli.CliFailure;
import dev.courier.mail.store.MailStoreConfig;
import java.nio.file.Path;

/** The mail database a command names: {@code --mail-db} with its credentials, else H2 under the data directory. */
public final class MailStores {
    private MailStores() {
    }

    /**
     * The store configuration; usage errors for a bad URL, credentials without a URL, or an unset variable.
     *
     * @param dataDir     where the embedded database lives when no URL is given
     * @param url         {@code jdbc:postgresql://...}, or null
     * @param user        database user, or null
     * @param passwordEnv environment variable holding the database password, or null
     */
    public static MailStoreConfig of(Path dataDir, String url, String user, String passwordEnv) {
        if (url == null) {
            if (user != null || passwordEnv != null) {
                throw CliFailure.usage("--mail-db-user and --mail-db-password-env need --mail-db");
            }
            return MailStoreConfig.forDataDir(dataDir);
        }
        MailStoreConfig c;
        try {
            c = MailStoreConfig.forUrl(url);
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage("--mail-db: " + e.getMessage());
        }
        String password = null;
        if (passwordEnv != null) {
            password = System.getenv(passwordEnv);
            if (password == null) {
                throw CliFailure.usage("--mail-db-password-env: environment variable " + passwordEnv
                        + " is not set");
            }
        }
        return user != null || password != null ? c.withCredentials(user, password) : c;
    }
}
