package dev.courier.transfer.server;

import dev.courier.core.budget.MemoryBudget;
import dev.courier.core.tls.CertificateStore;
import dev.courier.transfer.TransferLimits;
import dev.courier.transfer.protocol.TransferProtocol;
import java.nio.file.Path;
import java.time.Clock;

/**
 * What a transfer receiver needs to start.
 *
 * @param host           address to bind (127.0.0.1 by default)
 * @param port           port to bind, 0 for any free one
 * @param directory      where received files are put (created if missing)
 * @param certificates   the certificate to present over TLS, or null for plain TCP
 * @param limits         the limits in force
 * @param overwrite      whether a file replaces one of the same name (otherwise {@code name (1).ext})
 * @param backlog        accept backlog of the listening socket
 * @param diskThreads    threads that hash, write and sync bodies
 * @param handlerThreads threads that run the {@code listen(handler)} handler
 * @param budget         the memory budget bodies held in memory, chunks asked for and delivered messages not yet
 *                       taken are charged to (shared with other services in {@code courier serve})
 * @param clock          the clock frame deadlines and the resume window are measured with
 * @param auth           which senders are let in: a client certificate (mutual TLS), a token, or anyone
 * @param extensions     what {@code RESUME} and {@code TREE} may do (partials kept, tree limits)
 */
public record TransferServerConfig(String host, int port, Path directory, CertificateStore certificates,
                                   TransferLimits limits, boolean overwrite, int backlog, int diskThreads,
                                   int handlerThreads, MemoryBudget budget, Clock clock, SenderAuth auth,
                                   ExtensionSettings extensions) {
    /** Default port. */
    public static final int DEFAULT_PORT = TransferProtocol.DEFAULT_PORT;
    /** Default bind address: loopback only. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** The original's default backlog of 10 connections. */
    public static final int DEFAULT_BACKLOG = 10;
    /** Default disk threads. */
    public static final int DEFAULT_DISK_THREADS = 4;
    /** Default handler threads. */
    public static final int DEFAULT_HANDLER_THREADS = 4;

    /** Checks the values are usable. */
    public TransferServerConfig {
        if (port < 0 || port > 65535 || backlog < 1 || diskThreads < 1 || handlerThreads < 1) {
            throw new IllegalArgumentException("port 0-65535, and backlog and thread counts positive");
        }
        if (directory == null || limits == null || host == null || budget == null || clock == null || auth == null
                || extensions == null) {
            throw new IllegalArgumentException("host, directory, limits, budget, clock, auth and extensions are "
                    + "required");
        }
        if (auth.clientCa() != null && certificates == null) {
            throw new IllegalArgumentException("a client CA (mutual TLS) needs TLS");
        }
    }

    /**
     * A plain loopback receiver on the default port into {@code directory}, with default limits and a memory
     * budget of its own of {@link MemoryBudget#defaultLimit()}.
     */
    public static TransferServerConfig of(Path directory) {
        return new TransferServerConfig(DEFAULT_HOST, DEFAULT_PORT, directory, null, TransferLimits.defaults(),
                false, DEFAULT_BACKLOG, DEFAULT_DISK_THREADS, DEFAULT_HANDLER_THREADS,
                new MemoryBudget(MemoryBudget.defaultLimit()), Clock.systemUTC(), SenderAuth.OPEN,
                ExtensionSettings.defaults());
    }

    /** A copy bound to another address. */
    public TransferServerConfig withHost(String h) {
        return new TransferServerConfig(h, port, directory, certificates, limits, overwrite, backlog, diskThreads,
                handlerThreads, budget, clock, auth, extensions);
    }

    /** A copy bound to another port (0: any free one). */
    public TransferServerConfig withPort(int p) {
        return new TransferServerConfig(host, p, directory, certificates, limits, overwrite, backlog, diskThreads,
                handlerThreads, budget, clock, auth, extensions);
    }

    /** A copy speaking TLS with this certificate (null: plain TCP). */
    public TransferServerConfig withTls(CertificateStore c) {
        return new TransferServerConfig(host, port, directory, c, limits, overwrite, backlog, diskThreads,
                handlerThreads, budget, clock, auth, extensions);
    }

    /** A copy with other limits. */
    public TransferServerConfig withLimits(TransferLimits l) {
        return new TransferServerConfig(host, port, directory, certificates, l, overwrite, backlog, diskThreads,
                handlerThreads, budget, clock, auth, extensions);
    }

    /** A copy that does or does not overwrite files of the same name. */
    public TransferServerConfig withOverwrite(boolean o) {
        return new TransferServerConfig(host, port, directory, certificates, limits, o, backlog, diskThreads,
                handlerThreads, budget, clock, auth, extensions);
    }

    /** A copy with another accept backlog. */
    public TransferServerConfig withBacklog(int b) {
        return new TransferServerConfig(host, port, directory, certificates, limits, overwrite, b, diskThreads,
                handlerThreads, budget, clock, auth, extensions);
    }

    /** A copy with other thread counts. */
    public TransferServerConfig withThreads(int disk, int handler) {
        return new TransferServerConfig(host, port, directory, certificates, limits, overwrite, backlog, disk,
                handler, budget, clock, auth, extensions);
    }

    /** A copy charging another memory budget (that of {@code courier serve}, shared by every service). */
    public TransferServerConfig withBudget(MemoryBudget b) {
        return new TransferServerConfig(host, port, directory, certificates, limits, overwrite, backlog, diskThreads,
                handlerThreads, b, clock, auth, extensions);
    }

    /** A copy measuring deadlines with another clock. */
    public TransferServerConfig withClock(Clock c) {
        return new TransferServerConfig(host, port, directory, certificates, limits, overwrite, backlog, diskThreads,
                handlerThreads, budget, c, auth, extensions);
    }

    /** A copy letting in only the senders {@code a} names ({@link SenderAuth#OPEN}: anyone). */
    public TransferServerConfig withAuth(SenderAuth a) {
        return new TransferServerConfig(host, port, directory, certificates, limits, overwrite, backlog, diskThreads,
                handlerThreads, budget, clock, a, extensions);
    }

    /** A copy with other extension settings. */
    public TransferServerConfig withExtensions(ExtensionSettings e) {
        return new TransferServerConfig(host, port, directory, certificates, limits, overwrite, backlog, diskThreads,
                handlerThreads, budget, clock, auth, e);
    }

    /** Whether connections speak TLS. */
    public boolean tls() {
        return certificates != null;
    }
}
