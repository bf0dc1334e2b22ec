package dev.courier.bench;

import dev.courier.bench.load.ConnectRate;
import dev.courier.bench.load.Driver;
import dev.courier.bench.load.KvDriver;
import dev.courier.bench.load.LoadGenerator;
import dev.courier.bench.load.LoadSpec;
import dev.courier.bench.load.RespDriver;
import dev.courier.core.auth.Pbkdf2;
import dev.courier.core.net.ConnectFailure;
import dev.courier.core.tls.CertificateStore;
import dev.courier.core.tls.TlsContexts;
import dev.courier.core.tls.TlsContexts.ClientTrust;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code courier bench}: a load generator with redis-benchmark's flags and output. */
@Command(name = "bench", sortOptions = false,
        description = {"Load generator for the KV server (or Redis, with --protocol resp), with redis-benchmark's "
                + "flags and output.", "Latency percentiles come from HdrHistogram; --rate measures from the intended "
                + "send time, so a stalled server shows in the tail."},
        footer = {"", "Examples:", "  courier bench -t put,get -n 100000 -c 50",
                "  courier bench --protocol resp --tls -p 6380 --cacert data/tls/server.crt -t put,get -P 16",
                "  courier bench -t connect --duration 5s"})
public final class BenchCommand implements Callable<Integer> {
    private final PrintStream out;
    private final PrintStream err;

    @Option(names = {"-h", "--host"}, defaultValue = "127.0.0.1", description = "Server host (default: ${DEFAULT-VALUE}).")
    String host;
    @Option(names = "-p", description = "Server port (default: 7401 for kv, 6379 for resp).")
    Integer port;
    @Option(names = "-c", defaultValue = "50", description = "Parallel connections (default: ${DEFAULT-VALUE}).")
    int clients;
    @Option(names = "-n", defaultValue = "100000", description = "Total requests per test (default: ${DEFAULT-VALUE}).")
    long requests;
    @Option(names = "-d", defaultValue = "3", description = "Value size in bytes (default: ${DEFAULT-VALUE}).")
    int dataSize;
    @Option(names = "-r", defaultValue = "1", description = "Keyspace: random keys among this many (default: ${DEFAULT-VALUE}).")
    int keyspace;
    @Option(names = "-P", defaultValue = "1", description = "Pipeline: requests in flight per connection (default: ${DEFAULT-VALUE}).")
    int pipeline;
    @Option(names = "-t", defaultValue = "put,get", split = ",",
            description = "Tests: put, get, mix (90%% get, 10%% put), connect (connections per second), idle (open -c sessions and hold them --duration) (default: ${DEFAULT-VALUE}).")
    List<String> tests;
    @Option(names = "--protocol", defaultValue = "kv", description = "kv (Courier) or resp (Redis) (default: ${DEFAULT-VALUE}).")
    String protocol;
    @Option(names = "--tls", description = "Use TLS (always on for kv).")
    boolean tls;
    @Option(names = "--cacert", description = "PEM file of the CA that signed the server's certificate (default: "
            + "<data-dir>/tls/server.crt if it exists, as every courier client, else the system trust store).")
    Path caCert;
    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "./data",
            description = "Data directory whose tls/server.crt is trusted by default (default: ${DEFAULT-VALUE}).")
    Path dataDir;
    @Option(names = "--insecure", description = "DO NOT CHECK the server's certificate.")
    boolean insecure;
    @Option(names = "--tls-groups", paramLabel = "LIST", split = ",",
            description = "Offer only these TLS key exchange groups, e.g. X25519 or X25519MLKEM768 (default: the TLS "
                    + "library's list, which puts the post-quantum hybrid first).")
    String[] tlsGroups;
    @Option(names = "--csv", description = "Output in CSV.")
    boolean csv;
    @Option(names = "-q", description = "Quiet: one line per test.")
    boolean quiet;
    @Option(names = "--duration", description = "Run each test this long (e.g. 10s) instead of -n requests.")
    String duration;
    @Option(names = "--rate", defaultValue = "0", description = "Constant rate in requests per second (0: as fast as possible).")
    double rate;
    @Option(names = "--threads", defaultValue = "1", description = "Event loop threads of the generator (default: ${DEFAULT-VALUE}).")
    int threads;
    @Option(names = "--id-prefix", defaultValue = "bench", description = "KV session ids are PREFIX-N (default: ${DEFAULT-VALUE}).")
    String idPrefix;
    @Option(names = "--salt", defaultValue = Pbkdf2.TEST_SALT_HEX, description = "KV password salt in hex.")
    String salt;

    /** Exit status of a connection, TLS or protocol failure, as every courier command. */
    static final int FAILURE = 3;

    @Spec
    CommandSpec spec;

    /** A command printing to the process's standard output and error. */
    public BenchCommand() {
        this(System.out, System.err);
    }

    /** A command printing results to {@code out} and problems to {@code err} (the courier command's streams). */
    public BenchCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() throws Exception {
        boolean kv = protocol.equalsIgnoreCase("kv");
        if (!kv && !protocol.equalsIgnoreCase("resp")) {
            err.println(spec.qualifiedName() + ": --protocol is kv or resp, not " + protocol);
            return 2;
        }
        if (caCert != null && !Files.isReadable(caCert)) {
            err.println(spec.qualifiedName() + ": cannot read --cacert " + caCert);
            return 2;
        }
        Driver driver = kv ? new KvDriver(idPrefix, Pbkdf2.kvHash("bench".toCharArray(), HexFormat.of().parseHex(salt)))
                : new RespDriver();
        SslContext ssl = null;
        if (kv || tls) {
            if (insecure) {
                err.println("WARNING: --insecure: the server's certificate is NOT checked.");
            }
            ssl = TlsContexts.client(trust(), tlsGroups);
        }
        int p = port != null ? port : kv ? 7401 : 6379;
        try {
            return run(driver, ssl, p);
        } catch (ExecutionException | TimeoutException | IOException e) {
            // A server that is not there, not trusted or not answering: one line, as every courier command.
            String line = ConnectFailure.oneLine(e, host + ":" + p, kv ? " (is courier serve running?)" : "");
            // Else a connection the server closed before its session opened (LoadConnection's words).
            err.println(spec.qualifiedName() + ": " + (line != null ? line : "failed against " + host + ":" + p
                    + ": " + ConnectFailure.rootMessage(e) + (kv ? " (is it a Courier KV port?)" : "")));
            return FAILURE;
        }
    }

    /** The rule of every courier client: --insecure, else --cacert, else the local server's certificate. */
    private ClientTrust trust() {
        if (insecure) {
            return ClientTrust.trustAll();
        }
        if (caCert != null) {
            return ClientTrust.caFile(caCert);
        }
        Path local = dataDir.resolve("tls").resolve(CertificateStore.CERT_FILE);
        return Files.isReadable(local) ? ClientTrust.caFile(local) : ClientTrust.system();
    }

    private int run(Driver driver, SslContext ssl, int p) throws Exception {
        Duration d = duration == null ? null : dev.courier.core.config.Sizes.duration(duration);
        BenchReport report = new BenchReport(out, quiet, csv);
        try (LoadGenerator gen = new LoadGenerator(driver, host, p, ssl, threads)) {
            for (String t : tests) {
                String name = t.trim().toLowerCase(Locale.ROOT);
                switch (name) {
                    case "idle" -> {
                        Duration hold = d == null ? Duration.ofSeconds(10) : d;
                        gen.holdIdle(clients, hold, () -> {
                            out.printf("IDLE: %d sessions open, holding them %d s%n", clients, hold.toSeconds());
                            out.flush();
                        });
                    }
                    case "connect" -> report.print(ConnectRate.run(gen, clients, d == null ? Duration.ofSeconds(5) : d),
                            clients);
                    case "put", "get", "mix" -> {
                        double putShare = name.equals("put") ? 1 : name.equals("get") ? 0 : 0.1;
                        LoadSpec load = new LoadSpec(name.toUpperCase(Locale.ROOT), putShare, clients, requests, d,
                                pipeline, dataSize, keyspace, rate);
                        report.print(gen.run(load));
                    }
                    default -> {
                        err.println(spec.qualifiedName() + ": unknown test '" + t + "' (put, get, mix, connect, idle)");
                        return 2;
                    }
                }
            }
        }
        return 0;
    }
}
