package dev.courier.cli.kv;

import dev.courier.cli.ExitCodes;
import dev.courier.cli.Io;
import dev.courier.kv.client.KvClient;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code courier kv}: the KV client, one command per call, or an interactive shell without one. */
@Command(name = "kv", sortOptions = false,
        subcommands = {KvGetCommand.class, KvPutCommand.class, KvDeleteCommand.class, KvDisconnectCommand.class,
            KvUserCommand.class, KvCheckCommand.class},
        description = {"KV client: one command, or an interactive shell.",
            "With a command (get, put, delete, disconnect) it runs that one and "
                + "exits; the session stays on the server and the next call resumes it within the server's "
                + "resume window. Without one it starts a shell (reads commands line by line when standard input "
                + "is not a terminal).",
            "The password is asked without echo, or read with --password-env / --password-file. "
                + "Note: -h is --host; help is --help.",
            "--rsa speaks the legacy RSA edition (no TLS, no password: not secure); its sessions end with their "
                + "connection, so one-shot commands do not share data.",
            "--dialect record speaks the 2023 programs' framing (one TLS record or RSA block per message, no LF, "
                + "one command at a time); the original server exits when a connection closes without "
                + "DISCONNECT, so use the shell and end with disconnect (docs/kv-record-dialect.md)."},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.OK_HELP, ExitCodes.REFUSED_HELP, ExitCodes.USAGE_HELP, ExitCodes.FAILURE_HELP})
public final class KvCommand implements Callable<Integer> {
    private final Io io;

    @Mixin
    ConnectionOptions conn = new ConnectionOptions();

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "./data", scope = ScopeType.INHERIT,
            description = "Data directory: its tls/server.crt is trusted by default, its kv/accounts is what "
                    + "'user' manages (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    KvCommand(Io io) {
        this.io = io;
    }

    /** The streams of this run. */
    Io io() {
        return io;
    }

    /** Connects for a one-shot command. */
    KvClient connect() {
        return conn.connect(dataDir, io, false);
    }

    /** The connection flags. */
    ConnectionOptions conn() {
        return conn;
    }

    /** The data directory. */
    Path dataDir() {
        return dataDir;
    }

    @Override
    public Integer call() throws IOException {
        KvClient client = conn.connect(dataDir, io, true);
        try (KvShell.Lines lines = io.terminal() ? JLineLines.open(conn.target()) : ReaderLines.of(io.in())) {
            return new KvShell(client, lines, io, conn).run();
        } finally {
            client.close();
        }
    }
}
