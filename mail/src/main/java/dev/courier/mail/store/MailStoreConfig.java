package dev.courier.mail.store;

import java.nio.file.Path;

/**
 * Where the mail store is and how many connections it may hold.
 *
 * @param jdbcUrl  {@code jdbc:h2:...} or {@code jdbc:postgresql://...}
 * @param user     database user (null: none, or the one in the URL)
 * @param password database password (null: none, or the one in the URL); never logged
 * @param poolSize connections in the pool
 */
public record MailStoreConfig(String jdbcUrl, String user, String password, int poolSize) {
    /** Default connections in the pool. */
    public static final int DEFAULT_POOL_SIZE = 8;
    /** Folder of the embedded database under the data directory. */
    public static final String DATA_DIR_FOLDER = "mail";

    /** Checks the URL names a supported database. */
    public MailStoreConfig {
        Dialect.of(jdbcUrl);
        if (poolSize < 2) {
            throw new IllegalArgumentException("the pool needs at least 2 connections");
        }
    }

    /**
     * The embedded H2 database under {@code <dataDir>/mail}. AUTO_SERVER lets a second process (the account
     * admin command) use it while a server has it open. Durability does not rest on H2's write delay: the store
     * runs CHECKPOINT SYNC after every write transaction (see {@link Dialect#syncAfterCommit()}).
     */
    public static MailStoreConfig forDataDir(Path dataDir) {
        Path db = dataDir.toAbsolutePath().resolve(DATA_DIR_FOLDER).resolve("mail");
        return new MailStoreConfig("jdbc:h2:file:" + db + ";AUTO_SERVER=TRUE", "sa", "",
                DEFAULT_POOL_SIZE);
    }

    /** A database named by a JDBC URL (user and password may be in the URL). */
    public static MailStoreConfig forUrl(String jdbcUrl) {
        return new MailStoreConfig(jdbcUrl, null, null, DEFAULT_POOL_SIZE);
    }

    /** A copy with a user and password. */
    public MailStoreConfig withCredentials(String u, String p) {
        return new MailStoreConfig(jdbcUrl, u, p, poolSize);
    }

    /** A copy with another pool size. */
    public MailStoreConfig withPoolSize(int n) {
        return new MailStoreConfig(jdbcUrl, user, password, n);
    }

    /** The database's dialect. */
    public Dialect dialect() {
        return Dialect.of(jdbcUrl);
    }

    /** The URL without any password in it, for logs. */
    public String describe() {
        return jdbcUrl.replaceAll("(?i)password=[^&;]*", "password=***");
    }

    @Override
    public String toString() {
        return "MailStoreConfig[" + describe() + ", user=" + user + ", pool=" + poolSize + "]";
    }
}
