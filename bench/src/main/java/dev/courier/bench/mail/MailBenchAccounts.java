package dev.courier.bench.mail;

import dev.courier.mail.account.MailAccounts;
import dev.courier.mail.account.Passwords;
import dev.courier.mail.store.MailStoreConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The accounts a mail load logs in as: made on the server's database, or given. */
public final class MailBenchAccounts {
    /** Names of the accounts the benchmark makes: PREFIX0, PREFIX1, ... */
    public static final String PREFIX = "bench-";
    /** Their password (they exist for load tests only). */
    public static final String PASSWORD = "bench-mail-password";

    private MailBenchAccounts() {
    }

    /** The database: H2 under {@code dataDir}, or the URL with its credentials. */
    public static MailStoreConfig store(Path dataDir, String url, String user, String passwordEnv) {
        if (url == null) {
            return MailStoreConfig.forDataDir(dataDir);
        }
        String password = null;
        if (passwordEnv != null) {
            password = System.getenv(passwordEnv);
            if (password == null) {
                throw new IllegalArgumentException("environment variable " + passwordEnv + " is not set");
            }
        }
        MailStoreConfig c = MailStoreConfig.forUrl(url);
        return user != null || password != null ? c.withCredentials(user, password) : c;
    }

    /**
     * Makes accounts {@code bench-0 .. bench-(n-1)} unless they exist, with cheap password hashes so that n logins
     * do not measure PBKDF2.
     */
    public static List<MailLoad.Account> make(MailStoreConfig store, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("at least one account");
        }
        List<MailLoad.Account> list = new ArrayList<>();
        try (MailAccounts accounts = MailAccounts.open(store, Passwords.MIN_ITERATIONS)) {
            List<String> existing = accounts.list();
            for (int i = 0; i < n; i++) {
                String name = PREFIX + i;
                if (!existing.contains(name)) {
                    accounts.add(name, PASSWORD.toCharArray());
                }
                list.add(new MailLoad.Account(name, PASSWORD));
            }
        }
        return list;
    }

    /** Existing accounts, all with the password in {@code passwordEnv}. */
    public static List<MailLoad.Account> given(List<String> names, String passwordEnv) {
        if (passwordEnv == null) {
            throw new IllegalArgumentException("--users needs --password-env");
        }
        String pw = System.getenv(passwordEnv);
        if (pw == null) {
            throw new IllegalArgumentException("environment variable " + passwordEnv + " is not set");
        }
        return names.stream().map(n -> new MailLoad.Account(n, pw)).toList();
    }
}
