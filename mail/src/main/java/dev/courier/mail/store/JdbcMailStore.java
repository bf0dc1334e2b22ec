package dev.courier.mail.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.courier.mail.account.PasswordHash;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.Predicate;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link MailStore} on H2 or PostgreSQL: one schema (Flyway migrations), a HikariCP pool, batched deliveries. */
public final class JdbcMailStore implements MailStore {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcMailStore.class);
    /** Where the migrations are on the class path. */
    public static final String MIGRATIONS = "classpath:db/mail/migration";
    /** Flyway's history table. */
    public static final String HISTORY_TABLE = "mail_schema_history";
    /** Tries of a delivery batch that the database rolled back for a deadlock or serialization failure. */
    public static final int TRANSIENT_RETRIES = 3;
    private static final String UNIQUE_VIOLATION = "23505";
    private static final HexFormat HEX = HexFormat.of();

    private static final String MESSAGE_COLUMNS = "SELECT id, sender, sent_at, subject, body FROM mail_message ";

    private final HikariDataSource pool;
    private final Dialect dialect;

    private JdbcMailStore(HikariDataSource pool, Dialect dialect) {
        this.pool = pool;
        this.dialect = dialect;
    }

    /** Connects, migrates the schema to the newest version, and returns the store. */
    public static JdbcMailStore open(MailStoreConfig config) {
        Dialect dialect = config.dialect();
        if (dialect == Dialect.H2 && System.getProperty("h2.bindAddress") == null) {
            // AUTO_SERVER opens a TCP port for other local processes: keep it off the network.
            System.setProperty("h2.bindAddress", "127.0.0.1");
        }
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(config.jdbcUrl());
        if (config.user() != null) {
            hc.setUsername(config.user());
        }
        if (config.password() != null) {
            hc.setPassword(config.password());
        }
        hc.setMaximumPoolSize(config.poolSize());
        hc.setMinimumIdle(Math.min(2, config.poolSize()));
        hc.setAutoCommit(false);
        hc.setPoolName("mail-db");
        hc.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        if (dialect == Dialect.POSTGRESQL) {
            // OK:sent promises a durable message, whatever the server's default.
            hc.setConnectionInitSql("SET synchronous_commit TO on");
        }
        HikariDataSource ds = new HikariDataSource(hc);
        try {
            Flyway.configure().dataSource(ds).locations(MIGRATIONS).table(HISTORY_TABLE).load().migrate();
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
        // Debug, not info: 'courier mail user' opens the store for each command and must print only its result;
        // serve logs the store it runs on itself.
        LOG.debug("mail store: {} ({})", config.describe(), dialect);
        return new JdbcMailStore(ds, dialect);
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Runs {@code work} in one transaction; {@code writes} adds the dialect's sync after commit. */
    private <T> T transaction(boolean writes, Work<T> work) {
        try (Connection c = pool.getConnection()) {
            try {
                T result = work.run(c);
                c.commit();
                if (writes) {
                    sync(c);
                }
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("database failed: " + e.getMessage(), e);
        }
    }

    private void sync(Connection c) throws SQLException {
        if (dialect.syncAfterCommit() != null) {
            try (Statement s = c.createStatement()) {
                s.execute(dialect.syncAfterCommit());
            }
            c.commit();
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            LOG.debug("rollback failed", e);
        }
    }

    @Override
    public Added addAccount(String name, PasswordHash password, Instant createdAt) {
        try {
            return transaction(true, c -> {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO mail_account (name, pw_algorithm, "
                        + "pw_iterations, pw_salt, pw_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                    ps.setString(1, name);
                    ps.setString(2, password.algorithm());
                    ps.setInt(3, password.iterations());
                    ps.setString(4, HEX.formatHex(password.salt()));
                    ps.setString(5, HEX.formatHex(password.hash()));
                    ps.setLong(6, createdAt.toEpochMilli());
                    ps.executeUpdate();
                    return Added.ADDED;
                }
            });
        } catch (StoreException e) {
            if (e.getCause() instanceof SQLException s && UNIQUE_VIOLATION.equals(s.getSQLState())) {
                return Added.EXISTS;
            }
            throw e;
        }
    }

    @Override
    public boolean changePassword(String name, PasswordHash password) {
        return transaction(true, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE mail_account SET pw_algorithm = ?, "
                    + "pw_iterations = ?, pw_salt = ?, pw_hash = ? WHERE name = ?")) {
                ps.setString(1, password.algorithm());
                ps.setInt(2, password.iterations());
                ps.setString(3, HEX.formatHex(password.salt()));
                ps.setString(4, HEX.formatHex(password.hash()));
                ps.setString(5, name);
                return ps.executeUpdate() > 0;
            }
        });
    }

    @Override
    public boolean deleteAccount(String name) {
        return transaction(true, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM mail_account WHERE name = ?")) {
                ps.setString(1, name);
                return ps.executeUpdate() > 0;
            }
        });
    }

    @Override
    public List<String> accountNames() {
        return transaction(false, c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT name FROM mail_account ORDER BY name");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }

    @Override
    public Optional<Account> account(String name) {
        return transaction(false, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, name, pw_algorithm, pw_iterations, pw_salt, "
                    + "pw_hash FROM mail_account WHERE name = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new Account(rs.getLong(1), rs.getString(2), new PasswordHash(rs.getString(3),
                            rs.getInt(4), HEX.parseHex(rs.getString(5)), HEX.parseHex(rs.getString(6)))));
                }
            }
        });
    }

    @Override
    public OptionalInt maxPasswordIterations() {
        return transaction(false, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT MAX(pw_iterations) FROM mail_account");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                int max = rs.getInt(1);
                return rs.wasNull() ? OptionalInt.empty() : OptionalInt.of(max);
            }
        });
    }

    @Override
    public boolean accountExists(long id) {
        return transaction(false, c -> exists(c, id));
    }

    private static boolean exists(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM mail_account WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    @Override
    public List<Delivery> deliver(List<NewMessage> batch, MailboxQuota quota) {
        if (batch.isEmpty()) {
            return List.of();
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return transaction(true, c -> JdbcDelivery.deliver(c, dialect, batch, quota));
            } catch (StoreException e) {
                if (attempt >= TRANSIENT_RETRIES || !transientFailure(e.getCause())) {
                    throw e;
                }
                LOG.debug("delivery batch of {} rolled back ({}), trying again", batch.size(), e.getMessage());
            }
        }
    }

    private static boolean transientFailure(Throwable t) {
        if (!(t instanceof SQLException s) || s.getSQLState() == null) {
            return false;
        }
        // 40001 serialization failure, 40P01 deadlock (PostgreSQL); HYT00 lock timeout (H2).
        return s.getSQLState().startsWith("40") || "HYT00".equals(s.getSQLState());
    }

    @Override
    public OptionalLong count(long ownerId) {
        return transaction(false, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT message_count FROM mail_account WHERE id = ?")) {
                ps.setLong(1, ownerId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
                }
            }
        });
    }

    @Override
    public Optional<List<StoredMessage>> messages(long ownerId, String sender, Predicate<StoredMessage> admit) {
        return transaction(false, c -> {
            if (!exists(c, ownerId)) {
                return Optional.empty();
            }
            String sql = MESSAGE_COLUMNS + "WHERE owner_id = ?" + (sender == null ? "" : " AND sender = ?")
                    + " ORDER BY sent_at, id";
            List<StoredMessage> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, ownerId);
                if (sender != null) {
                    ps.setString(2, sender);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        StoredMessage m = new StoredMessage(rs.getLong(1), rs.getString(2),
                                Instant.ofEpochMilli(rs.getLong(3)), rs.getString(4), rs.getString(5));
                        if (!admit.test(m)) {
                            throw new ListingRefusedException(out.size());
                        }
                        out.add(m);
                    }
                }
            }
            return Optional.of(out);
        });
    }

    @Override
    public OptionalInt deleteBySubject(long ownerId, String subject) {
        return transaction(true, c -> {
            // Locking the account first keeps its counters right against deliveries running at the same time.
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM mail_account WHERE id = ? FOR UPDATE")) {
                ps.setLong(1, ownerId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return OptionalInt.empty();
                    }
                }
            }
            int count;
            long bytes;
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*), COALESCE(SUM(size_bytes), 0) "
                    + "FROM mail_message WHERE owner_id = ? AND subject = ?")) {
                ps.setLong(1, ownerId);
                ps.setString(2, subject);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    count = rs.getInt(1);
                    bytes = rs.getLong(2);
                }
            }
            if (count == 0) {
                return OptionalInt.of(0);
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM mail_message WHERE owner_id = ? AND subject = ?")) {
                ps.setLong(1, ownerId);
                ps.setString(2, subject);
                count = ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE mail_account SET message_count = message_count - ?, "
                    + "message_bytes = message_bytes - ? WHERE id = ?")) {
                ps.setInt(1, count);
                ps.setLong(2, bytes);
                ps.setLong(3, ownerId);
                ps.executeUpdate();
            }
            return OptionalInt.of(count);
        });
    }

    /** The value of a PostgreSQL run-time setting as the store's own connections see it (diagnostics, tests). */
    public String postgresSetting(String name) {
        if (dialect != Dialect.POSTGRESQL) {
            throw new UnsupportedOperationException("only PostgreSQL has run-time settings to show");
        }
        return transaction(false, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT current_setting(?)")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getString(1);
                }
            }
        });
    }

    /** The dialect in use. */
    public Dialect dialect() {
        return dialect;
    }

    @Override
    public void close() {
        pool.close();
    }
}
