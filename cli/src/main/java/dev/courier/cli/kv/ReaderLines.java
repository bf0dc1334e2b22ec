package dev.courier.cli.kv;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** Shell lines from a stream that is not a terminal (a pipe, a file, a test): no prompt, no history. */
final class ReaderLines implements KvShell.Lines {
    private final BufferedReader reader;

    private ReaderLines(BufferedReader reader) {
        this.reader = reader;
    }

    /** Lines of {@code in}, UTF-8. The stream is not closed with them: it is the process's stdin. */
    static ReaderLines of(InputStream in) {
        return new ReaderLines(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
    }

    @Override
    public String next() throws IOException {
        return reader.readLine();
    }

    @Override
    public void close() {
        // The stream belongs to the caller.
    }
}
