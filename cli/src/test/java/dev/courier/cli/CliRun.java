package dev.courier.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs the courier command line in-process over captured streams, as {@code Main} runs it. */
public record CliRun(int code, String out, String err) {
    /** Runs {@code args} with empty standard input and no terminal. */
    public static CliRun run(String... args) {
        return withInput("", null, args);
    }

    /** Runs {@code args} with {@code stdin} as standard input and {@code prompt} as the password prompt. */
    public static CliRun withInput(String stdin, Io.PasswordPrompt prompt, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Io io = new Io(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                prompt, false);
        int code = Cli.run(io, args);
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The lines written to standard error. */
    public String[] errLines() {
        return err.isEmpty() ? new String[0] : err.split("\n");
    }
}
