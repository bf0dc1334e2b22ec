package dev.courier.mail.server;

import dev.courier.core.budget.MemoryBudget;
import dev.courier.core.tls.CertificateStore;
import dev.courier.mail.MailLimits;
import dev.courier.mail.account.Passwords;
import dev.courier.mail.store.AsyncMailStore;
import dev.courier.mail.store.MailStoreConfig;
import java.time.Clock;

/**
 * What a mail server needs to start.
 *
 * @param host          address to bind (127.0.0.1 by default)
 * @param port          port to bind, 0 for any free one
 * @param certificates  the certificate the TLS listener presents (null only with {@code plaintext})
 * @param plaintext     serve the original's clear-text form instead of TLS
 * @param limits        the limits in force
 * @param store         where the accounts and messages are
 * @param storeSettings threads and queues in front of the store
 * @param passwordIterations PBKDF2 cost of the decoy checked for unknown users (match the accounts' cost)
 * @param clock         time for sessions, throttles, rates and sent-at stamps
 * @param budget        the server-wide memory budget that listings and long request lines are charged to
 */
public record MailServerConfig(String host, int port, CertificateStore certificates, boolean plaintext,
                               MailLimits limits, MailStoreConfig store, AsyncMailStore.Settings storeSettings,
                               int passwordIterations, Clock clock, MemoryBudget budget) {
    /** Default mail port. */
    public static final int DEFAULT_PORT = 7403;
    /** Default bind address: loopback only. */
    public static final String DEFAULT_HOST = "127.0.0.1";

    /** Checks that TLS has a certificate. */
    public MailServerConfig {
        if (!plaintext && certificates == null) {
            throw new IllegalArgumentException("TLS needs a certificate (or choose plaintext)");
        }
        if (budget == null) {
            throw new IllegalArgumentException("a mail server needs a memory budget (MemoryBudget.unlimited())");
        }
    }

    /** A TLS server on loopback with default limits, the system clock and no memory budget of its own. */
    public static MailServerConfig tls(int port, CertificateStore certificates, MailStoreConfig store) {
        return new MailServerConfig(DEFAULT_HOST, port, certificates, false, MailLimits.defaults(), store,
                AsyncMailStore.Settings.defaults(), Passwords.DEFAULT_ITERATIONS, Clock.systemUTC(),
                MemoryBudget.unlimited());
    }

    /** A clear-text server on loopback (the original's form: anyone on the path reads passwords and mail). */
    public static MailServerConfig plaintext(int port, MailStoreConfig store) {
        return new MailServerConfig(DEFAULT_HOST, port, null, true, MailLimits.defaults(), store,
                AsyncMailStore.Settings.defaults(), Passwords.DEFAULT_ITERATIONS, Clock.systemUTC(),
                MemoryBudget.unlimited());
    }

    /** A copy with another bind address. */
    public MailServerConfig withHost(String v) {
        return new MailServerConfig(v, port, certificates, plaintext, limits, store, storeSettings,
                passwordIterations, clock, budget);
    }

    /** A copy with other limits. */
    public MailServerConfig withLimits(MailLimits v) {
        return new MailServerConfig(host, port, certificates, plaintext, v, store, storeSettings,
                passwordIterations, clock, budget);
    }

    /** A copy with another store. */
    public MailServerConfig withStore(MailStoreConfig v) {
        return new MailServerConfig(host, port, certificates, plaintext, limits, v, storeSettings,
                passwordIterations, clock, budget);
    }

    /** A copy with other store threads and queues. */
    public MailServerConfig withStoreSettings(AsyncMailStore.Settings v) {
        return new MailServerConfig(host, port, certificates, plaintext, limits, store, v, passwordIterations, clock,
                budget);
    }

    /** A copy with another decoy cost. */
    public MailServerConfig withPasswordIterations(int v) {
        return new MailServerConfig(host, port, certificates, plaintext, limits, store, storeSettings, v, clock,
                budget);
    }

    /** A copy with another clock. */
    public MailServerConfig withClock(Clock v) {
        return new MailServerConfig(host, port, certificates, plaintext, limits, store, storeSettings,
                passwordIterations, v, budget);
    }

    /** A copy charging another memory budget (serve passes the one budget all services share). */
    public MailServerConfig withBudget(MemoryBudget v) {
        return new MailServerConfig(host, port, certificates, plaintext, limits, store, storeSettings,
                passwordIterations, clock, v);
    }
}
