package dev.courier.cli.kv;

import dev.courier.cli.ExitCodes;
import dev.courier.cli.Io;
import dev.courier.kv.client.KvClient;
import dev.courier.kv.client.KvException;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The interactive KV shell over one connected client. A refused command prints an error and the shell goes on;
 * a dropped connection ends it with exit status 3. {@code quit} keeps the session for resume, {@code disconnect}
 * ends it.
 */
final class KvShell {
    /** Where the shell's lines come from. */
    interface Lines extends AutoCloseable {
        /** The next line, or null at the end of input. */
        String next() throws IOException;

        @Override
        void close() throws IOException;
    }

    static final String HELP = String.join("\n",
            "  put KEY VALUE   store VALUE under KEY",
            "  get KEY         print the value of KEY",
            "  delete KEY      remove KEY",
            "  disconnect      end the session (the server erases it) and exit",
            "  quit, exit      leave; the session is kept for the server's resume window",
            "  help            this list",
            "Quote keys and values with spaces: put \"my key\" 'a b c'.");

    private final KvClient client;
    private final Lines lines;
    private final Io io;
    private final ConnectionOptions conn;

    KvShell(KvClient client, Lines lines, Io io, ConnectionOptions conn) {
        this.client = client;
        this.lines = lines;
        this.io = io;
        this.conn = conn;
    }

    /** Reads and runs commands until quit, disconnect, the end of input or a dropped connection. */
    int run() throws IOException {
        if (io.terminal()) {
            io.err().println("connected as " + conn.target() + "; type help, quit keeps the session, disconnect "
                    + "ends it");
        }
        String line;
        while ((line = lines.next()) != null) {
            List<String> words;
            try {
                words = ShellWords.split(line);
            } catch (IllegalArgumentException e) {
                error(e.getMessage());
                continue;
            }
            if (words.isEmpty()) {
                continue;
            }
            try {
                Integer done = execute(words);
                if (done != null) {
                    return done;
                }
            } catch (KvException e) {
                error(KvFailures.message(e, conn));
                if (KvFailures.fatal(e)) {
                    return ExitCodes.FAILURE;
                }
            } catch (IllegalArgumentException e) {
                error(e.getMessage());
            }
        }
        return ExitCodes.OK;
    }

    /** Runs one command; a non-null result ends the shell with that status. */
    private Integer execute(List<String> w) throws KvException {
        String cmd = w.get(0).toLowerCase(Locale.ROOT);
        switch (cmd) {
            case "put" -> {
                if (args(w, 2, "put KEY VALUE")) {
                    client.put(w.get(1), w.get(2));
                    io.out().println("OK");
                }
            }
            case "get" -> {
                if (args(w, 1, "get KEY")) {
                    Optional<String> v = client.get(w.get(1));
                    if (v.isPresent()) {
                        io.out().println(v.get());
                    } else {
                        error("no such key '" + w.get(1) + "'");
                    }
                }
            }
            case "delete" -> {
                if (args(w, 1, "delete KEY")) {
                    client.delete(w.get(1));
                    io.out().println("OK");
                }
            }
            case "disconnect" -> {
                if (args(w, 0, "disconnect")) {
                    client.disconnect();
                    io.out().println("session ended");
                    return ExitCodes.OK;
                }
            }
            case "quit", "exit" -> {
                return ExitCodes.OK;
            }
            case "help", "?" -> io.out().println(HELP);
            default -> error("unknown command '" + w.get(0) + "' (type help)");
        }
        io.out().flush();
        return null;
    }

    private boolean args(List<String> w, int n, String usage) {
        if (w.size() - 1 != n) {
            error("usage: " + usage + (n == 2 ? " (quote a value with spaces: put k \"a b\")" : ""));
            return false;
        }
        return true;
    }

    private void error(String message) {
        io.out().flush();
        io.err().println("error: " + message);
        io.err().flush();
    }
}
