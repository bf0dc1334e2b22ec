package dev.courier.cli.transfer;

import dev.courier.cli.CliFailure;
import dev.courier.cli.ClientTrusts;
import dev.courier.cli.ExitCodes;
import dev.courier.cli.Io;
import dev.courier.transfer.TransferException;
import dev.courier.transfer.TransferProgress;
import dev.courier.transfer.client.Credentials;
import dev.courier.transfer.client.SendResult;
import dev.courier.transfer.client.TransferClient;
import dev.courier.transfer.client.TransferClientConfig;
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
        description = {"Send files, a text (--text) or a JSON document (--json) to a transfer receiver "
                + "(courier serve or courier receive), one after the other over one connection. Each is checked "
                + "by SHA-256 on arrival; the receiver holds exactly what was sent, or nothing.",
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

    @Parameters(index = "1..*", paramLabel = "FILE", description = "Files to send, under their own names.")
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

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "120s",
            description = "Wait this long for each reply of the receiver (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    SendCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        List<Outgoing> messages = Outgoing.collect(texts, jsons, files, io.in());
        TransferClientConfig config = config();
        try (TransferClient client = TransferClient.connect(config)) {
            for (Outgoing m : messages) {
                SendResult r = send(client, m);
                io.out().println("sent " + m.kind() + (m.file() != null ? " " + m.file() : "") + ": " + r.size()
                        + " bytes sha256 " + r.sha256Hex());
                io.out().flush();
            }
            return ExitCodes.OK;
        } catch (TransferException e) {
            throw TransferFailures.of(e, target, tls);
        }
    }

    private SendResult send(TransferClient client, Outgoing m) throws TransferException {
        return switch (m.kind()) {
            case "text" -> client.send(m.text());
            case "json" -> client.sendJson(m.text());
            default -> sendFile(client, m.file());
        };
    }

    private SendResult sendFile(TransferClient client, Path file) throws TransferException {
        if (!io.terminal()) {
            return client.sendFile(file, TransferProgress.NONE);
        }
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw CliFailure.usage("cannot read " + file + ": " + e.getMessage());
        }
        try (SendProgress bar = SendProgress.start(String.valueOf(file.getFileName()), size, io.err())) {
            return client.sendFile(file, bar);
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
