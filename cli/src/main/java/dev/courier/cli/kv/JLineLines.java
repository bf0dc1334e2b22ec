package dev.courier.cli.kv;

import dev.courier.cli.ShellHistory;
import java.io.IOException;
import java.nio.file.Path;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/** Shell lines from a terminal through JLine: editing, and history in {@code ~/.courier_history} when writable. */
final class JLineLines implements KvShell.Lines {
    /** The history file, in the home directory. */
    static final String HISTORY = ".courier_history";

    private final Terminal terminal;
    private final LineReader reader;
    private final String prompt;

    private JLineLines(Terminal terminal, LineReader reader, String prompt) {
        this.terminal = terminal;
        this.reader = reader;
        this.prompt = prompt;
    }

    /** Opens the system terminal; the prompt names the session. */
    static JLineLines open(String target) throws IOException {
        Terminal terminal = TerminalBuilder.builder().system(true).build();
        LineReaderBuilder b = LineReaderBuilder.builder().terminal(terminal).appName("courier")
                // '!' in a value must stay a '!', not expand history.
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true);
        Path history = ShellHistory.file(HISTORY);
        if (history != null) {
            b.variable(LineReader.HISTORY_FILE, history);
        }
        return new JLineLines(terminal, b.build(), target + "> ");
    }

    @Override
    public String next() {
        while (true) {
            try {
                return reader.readLine(prompt);
            } catch (UserInterruptException e) {
                // Ctrl-C drops the line being typed, as shells do.
            } catch (EndOfFileException e) {
                return null;
            }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            reader.getHistory().save();
        } finally {
            terminal.close();
        }
    }
}
