package dev.courier.cli.transfer;

import dev.courier.cli.CliFailure;
import dev.courier.cli.ClientTrusts;
import dev.courier.cli.ExitCodes;
import dev.courier.cli.Io;
import dev.courier.cli.Printable;
import dev.courier.transfer.TransferException;
import dev.courier.transfer.TransferProgress;
import dev.courier.transfer.client.Credentials;
import dev.courier.transfer.client.ResumingSender;
import dev.courier.transfer.client.SendResult;
import dev.courier.transfer.client.TransferClientConfig;
import dev.courier.transfer.client.TreeWalk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code courier send}: sends texts, JSON documents and files to a transfer receiver over one connection. */
@Command(name = "send", sortOptions = false,
        description = {"Send files, folders, a text (--text) or a JSON document (--json) to a transfer receiver "
                + "(courier serve or courier receive), one after the other over one connection. Each is checked "
                + "by SHA-256 on arrival; the receiver holds exactly what was sent, or nothing.",
            "A folder goes as a tree: its regular files under one new folder of the receiver's inbox (symbolic "
                + "links are skipped, not followed). A cut connection is retried (--retries) and a file resumes "
                + "where the receiver's verified bytes end.",
            "Prints one line per message sent: its kind, size and SHA-256. A progress bar shows on a terminal."},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.OK_HELP, "1:refused by the receiver (its ERR reason is printed: too large, a limit, "
                + "disk full, bad JSON, a bad token), or a client certificate refused", "2:bad usage: a file that cannot be read, a JSON document that does not "
                + "parse", "3:connection, TLS or protocol failure"})
public final class SendCommand implements Callable<Integer> {
    private final Io io;

    @Parameters(index = "0", paramLabel = "HOST:PORT", converter = Target.Converter.class,
            description = "The receiver (port 7404 if left out; [::1]:7404 for IPv6).")
    Target target;

    @Parameters(index = "1..*", paramLabel = "FILE|DIR", description = "Files to send, under their own names, and "
            + "folders, each as a tree under its own name.")
    List<Path> files = new ArrayList<>();

    @Option(names = "--text", paramLabel = "TEXT", description = "Send TEXT as a text message (may repeat).")
    List<String> texts = new ArrayList<>();

    @Option(names = "--json", paramLabel = "FILE|-",
            description = "Send the JSON document in FILE, or on standard input for -, checked first (may repeat).")
    List<String> jsons = new ArrayList<>();

    @Option(names = "--tls", description = "Speak TLS (the receiver must too: serve --transfer-tls, receive --tls).")
    boolean tls;

    @Option(names = "--cacert", paramLabel = "PEM", description = "With --tls: trust this certificate (default: "
            + "<data-dir>/tls/server.crt if it exists, else the system trust store).")
    Path cacert;

    @Option(names = "--insecure", description = "With --tls: do not check the receiver's certificate at all.")
    boolean insecure;

    @Option(names = "--cert", paramLabel = "PEM", description = "With --tls: present this client certificate to a "
            + "receiver that requires one (serve --transfer-client-ca). With --key.")
    Path cert;

    @Option(names = "--key", paramLabel = "PEM", description = "With --cert: its private key, PEM, unencrypted.")
    Path key;

    @Option(names = "--token-file", paramLabel = "FILE", description = "Give the receiver the token this file holds "
            + "(serve --transfer-token-file), first on every connection. Needs --tls unless --insecure-token.")
    Path tokenFile;

    @Option(names = "--insecure-token", description = "Send --token-file's token even without --tls, where anyone "
            + "on the path can read it.")
    boolean insecureToken;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "./data",
            description = "Its tls/server.crt is trusted by default with --tls (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--retries", paramLabel = "N", defaultValue = "" + ResumingSender.Retries.DEFAULT_MAX,
            description = "Reconnect at most N times in a row after a cut connection (waiting 0.5 s, 1 s, 2 s ... up "
                    + "to 8 s between), resuming a file where the receiver's verified bytes end; 0: give up at once "
                    + "(default: ${DEFAULT-VALUE}).")
    int retries;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "120s",
            description = "Wait this long for each reply of the receiver (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    SendCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        if (retries < 0) {
            throw CliFailure.usage("--retries must be 0 or more, was " + retries);
        }
        List<Outgoing> messages = Outgoing.collect(texts, jsons, files, io.in(), this::note);
        TransferClientConfig config = config();
        try (ResumingSender sender = new ResumingSender(config, ResumingSender.Retries.of(retries), this::note)) {
            // Connects first, so that a wrong address fails before any file is hashed.
            sender.connection();
            for (Outgoing m : messages) {
                if (m.tree() != null) {
                    ResumingSender.TreeResult r = sendTree(sender, m.tree());
                    io.out().println("sent tree " + m.file() + " as '" + Printable.line(r.placedRoot()) + "': "
                            + r.files() + " files, " + r.bytes() + " bytes");
                    io.out().flush();
                    continue;
                }
                SendResult r = send(sender, m);
                io.out().println("sent " + m.kind() + (m.file() != null ? " " + m.file() : "") + ": " + r.size()
                        + " bytes sha256 " + r.sha256Hex());
                io.out().flush();
            }
            return ExitCodes.OK;
        } catch (TransferException e) {
            throw TransferFailures.of(e, target, tls);
        }
    }

    /** One line on standard error: a retry, a resume, a fallback, a skipped link. */
    private void note(String line) {
        io.err().println(Printable.line(line));
        io.err().flush();
    }

    private SendResult send(ResumingSender sender, Outgoing m) throws TransferException {
        return switch (m.kind()) {
            case "text" -> sender.sendText(m.text());
            case "json" -> sender.sendJson(m.text());
            default -> sendFile(sender, m.file());
        };
    }

    private SendResult sendFile(ResumingSender sender, Path file) throws TransferException {
        String name = String.valueOf(file.getFileName());
        if (!io.terminal()) {
            return sender.sendFile(file, name, TransferProgress.NONE);
        }
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw CliFailure.usage("cannot read " + file + ": " + e.getMessage());
        }
        try (SendProgress bar = SendProgress.start(name, size, io.err())) {
            return sender.sendFile(file, name, bar);
        }
    }

    private ResumingSender.TreeResult sendTree(ResumingSender sender, TreeWalk tree) throws TransferException {
        if (!io.terminal()) {
            return sender.sendTree(tree, TransferProgress.NONE);
        }
        try (SendProgress bar = SendProgress.tree(tree.root(), tree.bytes(), io.err())) {
            return sender.sendTree(tree, bar);
        }
    }

    private TransferClientConfig config() {
        if (!tls && (cacert != null || insecure)) {
            throw CliFailure.usage("--cacert and --insecure go with --tls");
        }
        if (!tls && (cert != null || key != null)) {
            throw CliFailure.usage("--cert and --key go with --tls: a client certificate travels in the TLS "
                    + "handshake");
        }
        if (tokenFile != null && !tls && !insecureToken) {
            throw CliFailure.usage("--token-file without --tls would send the token in the clear: add --tls (or "
                    + "--insecure-token to accept that)");
        }
        if (timeout.isZero()) {
            throw CliFailure.usage("--timeout must be more than 0");
        }
        TransferClientConfig c = tls
                ? TransferClientConfig.tls(target.host(), target.port(),
                        ClientTrusts.of(insecure, cacert, dataDir, target.host(), "everything sent", io))
                : TransferClientConfig.plain(target.host(), target.port());
        return c.withReplyTimeout(timeout).withCredentials(new Credentials(AuthFiles.clientCertificate(cert, key),
                AuthFiles.token(tokenFile, "--token-file")));
    }
}
