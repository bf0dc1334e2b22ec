package dev.courier.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Reads passwords from where a person or a script can give them: a terminal without echo, stdin, env, a file. */
public final class Passwords {
    /** Longest password line read from standard input or a file. */
    public static final int MAX_LINE = 4096;

    private Passwords() {
    }

    /** Asks twice without echo; fails if the two differ or the password is empty. */
    public static char[] askNew(Io.PasswordPrompt prompt, String what) {
        char[] first = prompt.read("Password for " + what + ": ");
        if (first == null) {
            throw CliFailure.usage("no password given");
        }
        char[] again = prompt.read("Again: ");
        try {
            if (again == null || !Arrays.equals(first, again)) {
                Arrays.fill(first, '\0');
                throw CliFailure.usage("the two passwords differ; nothing changed");
            }
        } finally {
            if (again != null) {
                Arrays.fill(again, '\0');
            }
        }
        return requireNonEmpty(first);
    }

    /** Asks once without echo. */
    public static char[] ask(Io.PasswordPrompt prompt, String what) {
        char[] p = prompt.read("Password for " + what + ": ");
        if (p == null) {
            throw CliFailure.usage("no password given");
        }
        return p;
    }

    /** The first line of {@code in} (scripts pipe the password in); its line end is not part of it. */
    public static char[] readLine(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int b;
        boolean any = false;
        // Byte by byte, so nothing after the line is consumed.
        while ((b = in.read()) >= 0 && b != '\n') {
            any = true;
            if (buf.size() >= MAX_LINE) {
                throw CliFailure.usage("password line longer than " + MAX_LINE + " bytes");
            }
            buf.write(b);
        }
        if (!any && b < 0) {
            throw CliFailure.usage("no password on standard input");
        }
        byte[] bytes = buf.toByteArray();
        int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        char[] chars = decode(bytes, n);
        Arrays.fill(bytes, (byte) 0);
        return chars;
    }

    /** The value of environment variable {@code var}. */
    public static char[] fromEnv(String var) {
        String v = System.getenv(var);
        if (v == null) {
            throw CliFailure.usage("environment variable " + var + " is not set");
        }
        return v.toCharArray();
    }

    /** The first line of file {@code f}. */
    public static char[] fromFile(Path f) {
        try (InputStream in = Files.newInputStream(f)) {
            return readLine(in);
        } catch (IOException e) {
            throw CliFailure.usage("cannot read password file " + f + ": " + e.getMessage());
        }
    }

    /** Fails on an empty password, which would protect nothing. */
    public static char[] requireNonEmpty(char[] p) {
        if (p.length == 0) {
            throw CliFailure.usage("the password is empty");
        }
        return p;
    }

    private static char[] decode(byte[] bytes, int n) {
        CharBuffer cb = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(bytes, 0, n));
        char[] chars = Arrays.copyOfRange(cb.array(), cb.position(), cb.limit());
        Arrays.fill(cb.array(), '\0');
        return chars;
    }
}
