package dev.courier.cli.mail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** Where the mail shell's lines come from: a terminal (with prompts) or a stream (a pipe, a test: no prompts). */
interface MailLines extends AutoCloseable {
    /** The next command line, or null at the end of input; kept in the history. */
    String command() throws IOException;

    /** The next line of an answer to {@code prompt} (a recipient, a body line), or null at the end of input. */
    String answer(String prompt) throws IOException;

    @Override
    void close() throws IOException;

    /** Lines of {@code in}, UTF-8, without prompts. The stream is not closed with them: it is the process's stdin. */
    static MailLines of(InputStream in) {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        return new MailLines() {
            @Override
            public String command() throws IOException {
                return reader.readLine();
            }

            @Override
            public String answer(String prompt) throws IOException {
                return reader.readLine();
            }

            @Override
            public void close() {
                // The stream belongs to the caller.
            }
        };
    }
}
