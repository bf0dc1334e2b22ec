package dev.courier.kv.server;

import dev.courier.core.budget.MemoryBudget;
import dev.courier.core.tls.CertificateStore;
import dev.courier.kv.KvLimits;
import dev.courier.kv.protocol.KvDialect;
import java.nio.file.Path;
import java.time.Clock;

/**
 * What a KV server needs to start.
 *
 * @param host         address to bind (127.0.0.1 by default)
 * @param port         port to bind, 0 for any free one
 * @param certificates the certificate the TLS listener presents
 * @param limits       the limits in force
 * @param mode         who may CONNECT
 * @param accountsFile where the accounts are kept (used by {@code AUTO} and {@code ACCOUNTS})
 * @param clock        time for sessions and throttles
 * @param budget       the server-wide memory budget session data is charged to (shared with the other services)
 * @param storage      where and how sessions are kept
 * @param rsa          the legacy RSA edition's listener, or null for none
 * @param dialect      how both listeners frame messages: the spec's LF lines, or the 2023 programs' records
 */
public record KvServerConfig(String host, int port, CertificateStore certificates, KvLimits limits,
                             KvAuthMode mode, Path accountsFile, Clock clock, MemoryBudget budget,
                             KvStorage storage, KvRsaConfig rsa, KvDialect dialect) {
    /** Default KV port of the TLS edition. */
    public static final int DEFAULT_PORT = 7401;
    /** Default bind address: loopback only. */
    public static final String DEFAULT_HOST = "127.0.0.1";

    /** A server of the LF dialect. */
    public KvServerConfig(String host, int port, CertificateStore certificates, KvLimits limits, KvAuthMode mode,
                          Path accountsFile, Clock clock, MemoryBudget budget, KvStorage storage, KvRsaConfig rsa) {
        this(host, port, certificates, limits, mode, accountsFile, clock, budget, storage, rsa, KvDialect.LF);
    }

    /** A server keeping sessions in memory only, with no RSA listener. */
    public KvServerConfig(String host, int port, CertificateStore certificates, KvLimits limits, KvAuthMode mode,
                          Path accountsFile, Clock clock, MemoryBudget budget) {
        this(host, port, certificates, limits, mode, accountsFile, clock, budget, KvStorage.memoryOnly(), null);
    }

    /** A loopback server on {@code port} with default limits, open mode, the system clock, in memory only. */
    public static KvServerConfig loopback(int port, CertificateStore certificates, Path accountsFile) {
        return new KvServerConfig(DEFAULT_HOST, port, certificates, KvLimits.defaults(), KvAuthMode.AUTO,
                accountsFile, Clock.systemUTC(), MemoryBudget.unlimited());
    }

    /** A copy with other limits. */
    public KvServerConfig withLimits(KvLimits l) {
        return new KvServerConfig(host, port, certificates, l, mode, accountsFile,
                clock, budget, storage, rsa, dialect);
    }

    /** A copy with another mode. */
    public KvServerConfig withMode(KvAuthMode m) {
        return new KvServerConfig(host, port, certificates, limits, m, accountsFile,
                clock, budget, storage, rsa, dialect);
    }

    /** A copy with another bind address. */
    public KvServerConfig withHost(String h) {
        return new KvServerConfig(h, port, certificates, limits, mode, accountsFile,
                clock, budget, storage, rsa, dialect);
    }

    /** A copy with another clock. */
    public KvServerConfig withClock(Clock c) {
        return new KvServerConfig(host, port, certificates, limits, mode, accountsFile,
                c, budget, storage, rsa, dialect);
    }

    /** A copy with another memory budget. */
    public KvServerConfig withBudget(MemoryBudget b) {
        return new KvServerConfig(host, port, certificates, limits, mode, accountsFile,
                clock, b, storage, rsa, dialect);
    }

    /** A copy keeping sessions as {@code s} says. */
    public KvServerConfig withStorage(KvStorage s) {
        return new KvServerConfig(host, port, certificates, limits, mode, accountsFile,
                clock, budget, s, rsa, dialect);
    }

    /** A copy with the RSA edition's listener ({@code r} null: none). */
    public KvServerConfig withRsa(KvRsaConfig r) {
        return new KvServerConfig(host, port, certificates, limits, mode, accountsFile,
                clock, budget, storage, r, dialect);
    }

    /** A copy whose listeners speak {@code d}. */
    public KvServerConfig withDialect(KvDialect d) {
        return new KvServerConfig(host, port, certificates, limits, mode, accountsFile,
                clock, budget, storage, rsa, d);
    }
}
