package dev.courier.cli.conformance;

import dev.courier.cli.CliFailure;
import dev.courier.cli.Converters;
import dev.courier.cli.ExitCodes;
import dev.courier.cli.Io;
import dev.courier.cli.Passwords;
import dev.courier.cli.Salt;
import dev.courier.cli.transfer.Target;
import dev.courier.conformance.Dialect;
import dev.courier.conformance.JUnitXml;
import dev.courier.conformance.Result;
import dev.courier.conformance.Runner;
import dev.courier.conformance.kv.KvCases;
import dev.courier.conformance.kv.KvOptions;
import dev.courier.conformance.kv.KvRsaCases;
import dev.courier.conformance.mail.MailCases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code courier conformance SERVICE HOST:PORT}: checks any server of a Courier protocol, rule by rule. */
@Command(name = "conformance", sortOptions = false,
        description = {"Check any server of these protocols (a student's, another implementation, Courier's) "
                + "against the rules of its spec (docs/), one case per rule: PASS, FAIL with the bytes sent, "
                + "expected and received, or SKIP with why; then 'N passed, N failed, N skipped'.",
            "Exit status 0 when nothing failed, 1 when a case failed, 2 for bad usage, 3 when the server cannot be "
                + "reached. Cases use one connection at a time, except those about concurrency (named so when "
                + "they fail); each cleans up the session it made (DISCONNECT).",
            "Services in this version: kv (the TLS edition, line or record dialect), kv-rsa (the legacy RSA "
                + "edition, plain TCP, line or record dialect), mail (give an account with --user and "
                + "--password-file: accounts are the operator's) and transfer (plain TCP unless --tls).",
            "transfer HOST:PORT: the kit is the SENDER and checks a receiver. Texts and JSON documents it sends are "
                + "delivered to the receiver's application, and two files land in its directory: they cannot be "
                + "deleted from here, so their names are unique and start with 'conformance-'.",
            "transfer --receiver-mode PORT: the kit is the RECEIVER and checks a sender. It writes a sample file, "
                + "prints its path and 'listening on HOST:PORT', then waits (--wait) for one connection per case, in "
                + "order: run your sender once per case (--list), each time sending that file to PORT, e.g. "
                + "'for i in 1 2 3 4 5 6; do ./mysender localhost 7500 /tmp/s.bin; done' after "
                + "'courier conformance transfer --receiver-mode 7500 --sample /tmp/s.bin &'. The cases answer "
                + "ACK 1, ACK 7, sizes that do not double, NACK1, NACK2 and, in the last one, ERR."})
public final class ConformanceCommand implements Callable<Integer> {
    private final Io io;

    @Parameters(index = "0", paramLabel = "SERVICE", description = "The protocol: kv, kv-rsa, mail or transfer.")
    String service;

    @Parameters(index = "1", arity = "0..1", paramLabel = "HOST:PORT", description = "The server to check (none "
            + "with transfer --receiver-mode).")
    String address;

    @Option(names = "--cacert", paramLabel = "PEM", description = "Trust this certificate (default: the system's "
            + "trust store).")
    Path cacert;

    @Option(names = "--insecure", description = "Do not check the server's certificate (a teaching server's "
            + "self-signed one, say).")
    boolean insecure;

    @Option(names = "--plain", description = "Plain TCP instead of TLS (the spec asks for TLS: for servers "
            + "that do not speak it yet).")
    boolean plain;

    @Option(names = "--salt", paramLabel = "HEX", converter = Converters.SaltConverter.class,
            description = "PBKDF2 salt the server's clients use (default: the protocol's test salt).")
    Salt salt;

    @Option(names = "--user", paramLabel = "ID", description = "An account to log in with, for a server in "
            + "accounts mode (its session is erased by the cases' DISCONNECTs); without it, the cases make ids "
            + "of their own (open mode).")
    String user;

    @Option(names = "--password-file", paramLabel = "FILE", description = "The --user account's password, "
            + "the file's first line.")
    Path passwordFile;

    @Option(names = "--max-message", paramLabel = "BYTES", defaultValue = "4096",
            description = "The server's message limit, LF included (default: ${DEFAULT-VALUE}, the spec's).")
    int maxMessage;

    @Option(names = "--dialect", paramLabel = "DIALECT", defaultValue = "line",
            description = "How KV messages are framed: line (the spec's; default) or record (one message per TLS "
                    + "record or RSA block, no LF, as the 2023 programs do; docs/kv-record-dialect.md). kv and "
                    + "kv-rsa only.")
    String dialect;

    @Option(names = "--only", paramLabel = "CASES", description = "Run only these cases: comma-separated names, "
            + "* matches anything (kv.violations.*).")
    List<String> only = new ArrayList<>();

    @Option(names = "--skip", paramLabel = "CASES", description = "Do not run these cases (same form as --only).")
    List<String> skip = new ArrayList<>();

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5s",
            description = "How long to wait for each answer or close (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--junit", paramLabel = "FILE", description = "Also write the results as JUnit XML.")
    Path junit;

    @Option(names = "--list", description = "List the cases and exit.")
    boolean list;

    @Mixin
    TransferFlags transfer = new TransferFlags();

    ConformanceCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() throws IOException {
        if ("transfer".equals(service)) {
            return TransferConformance.run(this, io);
        }
        if (address == null) {
            throw CliFailure.usage("conformance: give the server as HOST:PORT");
        }
        if (transfer.tls || transfer.receiverMode != null) {
            throw CliFailure.usage("--tls and --receiver-mode are transfer's (the other services speak TLS unless "
                    + "--plain)");
        }
        if (!List.of("kv", "kv-rsa", "mail").contains(service)) {
            throw CliFailure.usage("conformance: '" + service + "' is not in this version (services: kv, kv-rsa, "
                    + "mail, transfer)");
        }
        boolean rsa = service.equals("kv-rsa");
        boolean mail = service.equals("mail");
        Dialect framing;
        try {
            framing = Dialect.parse(dialect);
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage("conformance: --dialect: " + e.getMessage());
        }
        if (mail && framing == Dialect.RECORD) {
            throw CliFailure.usage("conformance: --dialect record is a dialect of KV only (mail speaks lines)");
        }
        if (plain && framing == Dialect.RECORD && !rsa) {
            throw CliFailure.usage("conformance: --dialect record takes its messages from TLS records: not with "
                    + "--plain");
        }
        if (list) {
            (rsa ? KvRsaCases.names() : mail ? MailCases.names() : KvCases.names()).forEach(io.out()::println);
            return ExitCodes.OK;
        }
        if (rsa && (insecure || cacert != null || user != null)) {
            throw CliFailure.usage("kv-rsa speaks plain TCP with no password: --cacert, --insecure and --user do "
                    + "not apply");
        }
        if (plain && (insecure || cacert != null)) {
            throw CliFailure.usage("--cacert and --insecure go with TLS, not --plain");
        }
        if ((user == null) != (passwordFile == null)) {
            throw CliFailure.usage("--user and --password-file go together");
        }
        if (maxMessage < 64) {
            throw CliFailure.usage("--max-message must be at least 64, not " + maxMessage);
        }
        if (timeout.isZero() || timeout.isNegative()) {
            throw CliFailure.usage("--timeout must be more than 0");
        }
        if (!address.matches(".*:\\d+")) {
            throw CliFailure.usage("conformance: give the server as HOST:PORT, not '" + address + "'");
        }
        Target where;
        try {
            where = Target.parse(address);
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage("conformance: " + e.getMessage());
        }
        String password = passwordFile == null ? null : new String(Passwords.fromFile(passwordFile));
        KvOptions options = new KvOptions(Salt.orTest(salt), maxMessage, user, password, framing);
        dev.courier.conformance.Target target = new dev.courier.conformance.Target(where.host(), where.port(),
                plain || rsa ? dev.courier.conformance.Target.Tls.plain()
                        : new dev.courier.conformance.Target.Tls(insecure
                        ? dev.courier.conformance.Target.Mode.TLS_INSECURE
                        : dev.courier.conformance.Target.Mode.TLS_CHECKED, cacert), timeout);
        try {
            target.open().close();
        } catch (IOException e) {
            throw CliFailure.failure("cannot reach " + where + ": " + e.getMessage());
        }
        List<Result> results = Runner.run(rsa ? KvRsaCases.all(framing) : mail ? MailCases.all(user, password)
                : KvCases.all(options), target, Runner.select(only, skip), io.out());
        return report(junit, service, results);
    }

    /** Writes the JUnit report if asked ({@code junit} not null); exit status 0 unless a case failed. */
    static int report(Path junit, String suite, List<Result> results) throws IOException {
        if (junit != null) {
            Path parent = junit.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            JUnitXml.write(junit, "courier-conformance-" + suite, results);
        }
        return results.stream().anyMatch(r -> r.status() == Result.Status.FAIL) ? ExitCodes.REFUSED : ExitCodes.OK;
    }
}
