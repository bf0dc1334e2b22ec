package dev.courier.bench;

import dev.courier.bench.mail.MailBenchAccounts;
import dev.courier.bench.mail.MailLoad;
import dev.courier.bench.mail.MailLoadResult;
import dev.courier.bench.mail.MailLoadSpec;
import dev.courier.core.config.Sizes;
import dev.courier.core.net.ConnectFailure;
import dev.courier.core.tls.CertificateStore;
import dev.courier.core.tls.TlsContexts;
import dev.courier.core.tls.TlsContexts.ClientTrust;
import dev.courier.mail.client.MailClientConfig;
import dev.courier.mail.server.MailServerConfig;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code courier bench-mail}: many clients sending mail to a running server; acknowledged sends/s and latency. */
@Command(name = "bench-mail", sortOptions = false,
        description = {"Load test of a running mail server: N clients send mail (the email command) for a while; "
                + "prints acknowledged sends per second (each one committed to disk before OK:sent) and latency "
                + "percentiles (HdrHistogram).",
            "It starts no server. It makes the accounts bench-0..bench-N-1 first, on the server's database "
                + "(--data-dir or --mail-db; cheap 1000-iteration hashes so logins are quick), or uses the "
                + "accounts of --users. The server must allow the rate: raise --mail-sends-per-minute."},
        footer = {"", "Example:",
            "  courier serve --mail-sends-per-minute 1000000 &",
            "  courier bench-mail --data-dir data -c 50 --duration 10s"})
public final class MailBench implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--host"}, defaultValue = MailServerConfig.DEFAULT_HOST,
            description = "Server host (default: ${DEFAULT-VALUE}).")
    String host;
    @Option(names = {"-p", "--port"}, defaultValue = "" + MailServerConfig.DEFAULT_PORT,
            description = "Server port (default: ${DEFAULT-VALUE}).")
    int port;
    @Option(names = "--cacert", description = "Trust this certificate (default: <data-dir>/tls/server.crt if it "
            + "exists, else the system trust store).")
    Path caCert;
    @Option(names = "--insecure", description = "DO NOT CHECK the server's certificate.")
    boolean insecure;
    @Option(names = "--plaintext", description = "The server speaks clear text (--mail-plaintext).")
    boolean plaintext;
    @Option(names = {"-c", "--clients"}, defaultValue = "50", description = "Connections (default: ${DEFAULT-VALUE}).")
    int clients;
    @Option(names = {"-P", "--pipeline"}, defaultValue = "1",
            description = "Sends in flight per connection (default: ${DEFAULT-VALUE}).")
    int pipeline;
    @Option(names = {"-d", "--size"}, defaultValue = "100", description = "Body size in bytes (default: ${DEFAULT-VALUE}).")
    int size;
    @Option(names = "--duration", defaultValue = "10s", description = "Measured time (default: ${DEFAULT-VALUE}).")
    String duration;
    @Option(names = "--warmup", defaultValue = "2s", description = "Sending before measuring (default: ${DEFAULT-VALUE}).")
    String warmup;
    @Option(names = "--threads", defaultValue = "1", description = "Event loop threads of the generator (default: ${DEFAULT-VALUE}).")
    int threads;
    @Option(names = "--accounts", description = "Accounts to make and log in as (default: one per client).")
    Integer accounts;
    @Option(names = "--data-dir", defaultValue = "./data",
            description = "The server's data directory: its mail database gets the accounts (default: ${DEFAULT-VALUE}).")
    Path dataDir;
    @Option(names = "--mail-db", paramLabel = "URL", description = "The server's --mail-db instead.")
    String mailDb;
    @Option(names = "--mail-db-user", paramLabel = "USER", description = "User of --mail-db.")
    String mailDbUser;
    @Option(names = "--mail-db-password-env", paramLabel = "VAR", description = "Variable holding the password of --mail-db.")
    String mailDbPasswordEnv;
    @Option(names = "--users", split = ",", paramLabel = "NAME", description = "Log in as these existing accounts "
            + "instead of making any (all with the password of --password-env).")
    List<String> users;
    @Option(names = "--password-env", paramLabel = "VAR", description = "Variable holding the password of --users.")
    String passwordEnv;
    @Option(names = "--keep", description = "Keep the messages sent (default: delete them afterwards, untimed).")
    boolean keep;
    @Option(names = "--csv", description = "One CSV line: sends_per_s,avg_ms,p50_ms,p95_ms,p99_ms,p999_ms,max_ms,errors.")
    boolean csv;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        MailLoadSpec load;
        try {
            load = new MailLoadSpec(clients, pipeline, size, Sizes.duration(warmup), Sizes.duration(duration));
        } catch (IllegalArgumentException e) {
            err.println("bench-mail: " + e.getMessage());
            return 2;
        }
        List<MailLoad.Account> logins;
        try {
            logins = users != null ? MailBenchAccounts.given(users, passwordEnv)
                    : MailBenchAccounts.make(MailBenchAccounts.store(dataDir, mailDb, mailDbUser, mailDbPasswordEnv),
                            accounts != null ? accounts : clients);
        } catch (IllegalArgumentException e) {
            err.println("bench-mail: " + e.getMessage());
            return 2;
        }
        MailClientConfig config;
        SslContext ssl = null;
        if (plaintext) {
            config = MailClientConfig.plaintext(host, port);
        } else {
            ClientTrust trust = trust(err);
            config = MailClientConfig.tls(host, port, trust);
            ssl = TlsContexts.client(trust);
        }
        MailLoadResult r;
        try (MailLoad gen = new MailLoad(config, ssl, threads)) {
            r = gen.run(load, logins, !keep);
        } catch (ExecutionException | TimeoutException | IOException e) {
            // A server that is not there, not trusted or not answering: one line, as every courier command.
            String line = ConnectFailure.oneLine(e, host + ":" + port, " (is courier serve running?)");
            err.println(spec.qualifiedName() + ": " + (line != null ? line : "failed against " + host + ":" + port
                    + ": " + ConnectFailure.rootMessage(e)));
            err.flush();
            return 3;
        }
        print(out, r);
        out.flush();
        return r.failures() > 0 ? 3 : 0;
    }

    private ClientTrust trust(PrintWriter err) {
        if (insecure) {
            err.println("WARNING: --insecure: the server's certificate is NOT checked.");
            return ClientTrust.trustAll();
        }
        if (caCert != null) {
            return ClientTrust.caFile(caCert);
        }
        Path local = dataDir.resolve("tls").resolve(CertificateStore.CERT_FILE);
        return Files.isReadable(local) ? ClientTrust.caFile(local) : ClientTrust.system();
    }

    private void print(PrintWriter out, MailLoadResult r) {
        if (csv) {
            out.printf(Locale.ROOT, "%.1f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%d%n", r.throughput(), r.meanMillis(),
                    r.percentileMillis(50), r.percentileMillis(95), r.percentileMillis(99), r.percentileMillis(99.9),
                    r.maxMillis(), r.errReplies());
            return;
        }
        MailLoadSpec s = r.spec();
        out.printf(Locale.ROOT, "====== MAIL SEND (email, durable before OK:sent) ======%n");
        out.printf(Locale.ROOT, "  %d clients, pipeline %d, %d-byte bodies, %.1f s measured after %.1f s warm-up%n",
                s.clients(), s.pipeline(), s.bodyBytes(), r.nanos() / 1e9, s.warmup().toMillis() / 1e3);
        out.printf(Locale.ROOT, "  %d sends acknowledged, %d ERR replies, %d failed connections%n", r.acked(),
                r.errReplies(), r.failures());
        r.errorTexts().forEach((text, n) -> out.printf(Locale.ROOT, "    %d x %s%n", n, text));
        out.printf(Locale.ROOT, "%nSummary:%n  throughput summary: %.1f acknowledged sends per second%n",
                r.throughput());
        out.printf(Locale.ROOT, "  latency summary (msec):%n");
        out.printf(Locale.ROOT, "  %9s %9s %9s %9s %9s %9s%n", "avg", "p50", "p95", "p99", "p99.9", "max");
        out.printf(Locale.ROOT, "  %9.3f %9.3f %9.3f %9.3f %9.3f %9.3f%n", r.meanMillis(), r.percentileMillis(50),
                r.percentileMillis(95), r.percentileMillis(99), r.percentileMillis(99.9), r.maxMillis());
    }
}
