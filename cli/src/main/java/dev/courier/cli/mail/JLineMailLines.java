package dev.courier.cli.mail;

import dev.courier.cli.ShellHistory;
import java.io.IOException;
import java.nio.file.Path;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * Mail shell lines from a terminal through JLine: editing, and a history of commands (never of mail text) in
 * {@code ~/.courier_mail_history} when it can be written.
 */
final class JLineMailLines implements MailLines {
    /** The history file, in the home directory. */
    static final String HISTORY = ".courier_mail_history";

    private final Terminal terminal;
    private final LineReader reader;
    private final String prompt;

    private JLineMailLines(Terminal terminal, LineReader reader, String prompt) {
        this.terminal = terminal;
        this.reader = reader;
        this.prompt = prompt;
    }

    /** Opens the system terminal; the prompt names the account. */
    static JLineMailLines open(String target) throws IOException {
        Terminal terminal = TerminalBuilder.builder().system(true).build();
        LineReaderBuilder b = LineReaderBuilder.builder().terminal(terminal).appName("courier-mail")
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true);
        Path history = ShellHistory.file(HISTORY);
        if (history != null) {
            b.variable(LineReader.HISTORY_FILE, history);
        }
        return new JLineMailLines(terminal, b.build(), "mail " + target + "> ");
    }

    @Override
    public String command() {
        return read(prompt, true);
    }

    @Override
    public String answer(String question) {
        return read(question, false);
    }

    private String read(String text, boolean history) {
        reader.setVariable(LineReader.DISABLE_HISTORY, !history);
        while (true) {
            try {
                return reader.readLine(text);
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
