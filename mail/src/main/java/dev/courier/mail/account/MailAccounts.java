package dev.courier.mail.account;

import dev.courier.mail.store.JdbcMailStore;
import dev.courier.mail.store.MailStore;
import dev.courier.mail.store.MailStoreConfig;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;

/**
 * The operator's account commands ({@code user add}, {@code user del}, {@code user list}) on a store. Works while a
 * server runs on the same store: through H2's AUTO_SERVER on a data directory, or as one more PostgreSQL client.
 */
public final class MailAccounts implements AutoCloseable {
    private final MailStore store;
    private final boolean ownsStore;
    private final int iterations;
    private final Clock clock;

    /** Account commands on an open store (not closed with this object). */
    public MailAccounts(MailStore store, int iterations, Clock clock) {
        this(store, false, iterations, clock);
    }

    private MailAccounts(MailStore store, boolean ownsStore, int iterations, Clock clock) {
        if (iterations < Passwords.MIN_ITERATIONS) {
            throw new IllegalArgumentException("at least " + Passwords.MIN_ITERATIONS + " iterations");
        }
        this.store = store;
        this.ownsStore = ownsStore;
        this.iterations = iterations;
        this.clock = clock;
    }

    /** Opens the store (migrating its schema if needed) with the default password cost. */
    public static MailAccounts open(MailStoreConfig config) {
        return open(config, Passwords.DEFAULT_ITERATIONS);
    }

    /** Opens the store with a chosen password cost for new accounts. */
    public static MailAccounts open(MailStoreConfig config, int iterations) {
        return new MailAccounts(JdbcMailStore.open(config.withPoolSize(2)), true, iterations, Clock.systemUTC());
    }

    /**
     * Adds an account; the password array is wiped afterwards.
     *
     * @return the canonical (lower-case) name
     * @throws IllegalArgumentException if the name or password is not acceptable
     * @throws AccountExistsException   if the name is taken
     */
    public String add(String name, char[] password) {
        try {
            String canonical = UserNames.require(name);
            PasswordHash hash = Passwords.hash(password, iterations);
            if (store.addAccount(canonical, hash, clock.instant()) == MailStore.Added.EXISTS) {
                throw new AccountExistsException(canonical);
            }
            return canonical;
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /**
     * Changes the password of an existing account; the array is wiped afterwards. False if there is no such account.
     * Sessions already logged in stay; the next login needs the new password.
     *
     * @throws IllegalArgumentException if the name or password is not acceptable
     */
    public boolean changePassword(String name, char[] password) {
        try {
            String canonical = UserNames.require(name);
            return store.changePassword(canonical, Passwords.hash(password, iterations));
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /** Deletes an account and its mailbox; its sessions end. False if there was no such account. */
    public boolean delete(String name) {
        return UserNames.normalize(name).map(store::deleteAccount).orElse(false);
    }

    /** Every account name, sorted. */
    public List<String> list() {
        return store.accountNames();
    }

    /** Closes the store if this object opened it. */
    @Override
    public void close() {
        if (ownsStore) {
            store.close();
        }
    }

    /** The name is taken. */
    public static final class AccountExistsException extends RuntimeException {
        /** An exception for {@code name}. */
        public AccountExistsException(String name) {
            super("an account named '" + name + "' exists");
        }
    }
}
