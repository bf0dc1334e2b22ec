package dev.courier.cli;

import java.io.Console;
import java.io.InputStream;
import java.io.PrintStream;

/**
 * The streams a command talks through: the process's own, or a test's.
 *
 * @param in       standard input
 * @param out      standard output (results only, so they can be piped)
 * @param err      standard error (messages, warnings, prompts of the shell)
 * @param prompt   asks for a password without echo; null when there is no terminal to ask on
 * @param terminal whether a person sits at the other end (then the shell uses JLine)
 */
public record Io(InputStream in, PrintStream out, PrintStream err, PasswordPrompt prompt, boolean terminal) {
    /** The process's streams; prompts go to the console when there is one. */
    public static Io system() {
        Console console = System.console();
        PasswordPrompt prompt = console == null ? null : text -> console.readPassword("%s", text);
        return new Io(System.in, System.out, System.err, prompt, console != null);
    }

    /** Streams with no terminal behind them, as scripts and tests have. */
    public static Io of(InputStream in, PrintStream out, PrintStream err) {
        return new Io(in, out, err, null, false);
    }

    /** Asks for a secret without echo. */
    @FunctionalInterface
    public interface PasswordPrompt {
        /** Shows {@code text} and reads a line without echo; null at end of input. */
        char[] read(String text);
    }
}
