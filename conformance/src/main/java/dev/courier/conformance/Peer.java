package dev.courier.conformance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;

/**
 * One connection to the server under test, with the checks a case makes on it. Every read waits at most the
 * target's timeout; what arrived is kept, so a failure can show it.
 */
public final class Peer implements AutoCloseable {
    private final Socket socket;
    private final Duration timeout;
    private final OutputStream out;
    private final InputStream in;
    /** Most plaintext one TLS record carries: a read of this size takes one whole record. */
    private static final int RECORD_BYTES = 1 << 14;

    /** The bytes of the step being checked, for the failure report. */
    private byte[] lastSent = new byte[0];
    /** Whether answers are records (the record dialect): each read of the TLS socket is one answer. */
    private boolean records;

    Peer(Socket socket, Duration timeout) throws IOException {
        this.socket = socket;
        this.timeout = timeout;
        this.out = socket.getOutputStream();
        this.in = socket.getInputStream();
    }

    /**
     * A connection the kit accepted (receiver mode: the peer under test connected to the kit), with reads that wait
     * at most {@code timeout}.
     */
    public static Peer over(Socket socket, Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        return new Peer(socket, timeout);
    }

    /**
     * Reads answers as records from now on: {@link #expect} takes one TLS record per answer and compares it with
     * the answer's text without its LF. A read of a JDK TLS socket returns the data of at most one record.
     */
    public Peer records() {
        records = true;
        return this;
    }

    /**
     * Sends each of {@code records} with a write of its own, so each leaves as one TLS record. A write after the
     * first that fails ends the sending: the server dropped the connection, which the case then checks.
     */
    public Peer sendRecords(java.util.List<byte[]> records, byte[] shown) throws IOException {
        lastSent = shown.clone();
        for (int i = 0; i < records.size(); i++) {
            try {
                out.write(records.get(i));
                out.flush();
            } catch (IOException e) {
                if (i == 0) {
                    throw e;
                }
                return this;
            }
        }
        return this;
    }

    /** Reads one record (one read of the TLS socket); fails on close or timeout. */
    public byte[] readRecord(String expected) throws IOException {
        byte[] buf = new byte[RECORD_BYTES];
        int n;
        try {
            n = in.read(buf);
        } catch (SocketTimeoutException e) {
            throw fail("no record within " + timeout.toMillis() + " ms", expected, "(nothing)");
        } catch (IOException e) {
            throw fail("the connection failed: " + e.getMessage(), expected, "(an error)");
        }
        if (n < 0) {
            throw fail("the connection closed before the answer", expected, "(closed)");
        }
        return Arrays.copyOf(buf, n);
    }

    /** Sends {@code bytes} at once. */
    public Peer send(byte[] bytes) throws IOException {
        lastSent = bytes.clone();
        out.write(bytes);
        out.flush();
        return this;
    }

    /** Sends {@code bytes} one byte per write (and flush): the server must not care how bytes arrive. */
    public Peer sendByteByByte(byte[] bytes) throws IOException {
        lastSent = bytes.clone();
        for (byte b : bytes) {
            out.write(b);
            out.flush();
        }
        return this;
    }

    /** Sends the ASCII text {@code s}. */
    public Peer send(String s) throws IOException {
        return send(Bytes.ascii(s));
    }

    /** Reads one line (up to and with its LF, at most {@code max} bytes); fails on close, timeout or overlong. */
    public byte[] readLine(String expected, int max) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        while (true) {
            int c;
            try {
                c = in.read();
            } catch (SocketTimeoutException e) {
                throw fail("no complete line within " + timeout.toMillis() + " ms", expected,
                        Bytes.show(got.toByteArray()) + " and then nothing");
            } catch (IOException e) {
                throw fail("the connection failed: " + e.getMessage(), expected,
                        Bytes.show(got.toByteArray()) + " and then an error");
            }
            if (c < 0) {
                throw fail("the connection closed before the line ended", expected,
                        got.size() == 0 ? "(closed)" : Bytes.show(got.toByteArray()) + " and then closed");
            }
            got.write(c);
            if (c == '\n') {
                return got.toByteArray();
            }
            if (got.size() >= max) {
                throw fail("no LF within " + max + " bytes", expected, Bytes.show(got.toByteArray()));
            }
        }
    }

    /** Reads exactly {@code n} bytes; fails on close or timeout, showing what came. */
    public byte[] readExactly(int n, String expected) throws IOException {
        byte[] b = new byte[n];
        int at = 0;
        while (at < n) {
            int r;
            try {
                r = in.read(b, at, n - at);
            } catch (SocketTimeoutException e) {
                throw fail("no complete block within " + timeout.toMillis() + " ms", expected,
                        at == 0 ? "(nothing)" : at + " bytes of " + n);
            }
            if (r < 0) {
                throw fail("the connection closed", expected, at == 0 ? "(closed)" : at + " bytes of " + n
                        + ", then closed");
            }
            at += r;
        }
        return b;
    }

    /**
     * Reads as many lines as {@code lines} holds (each ends with LF) and checks they are exactly those bytes; after
     * {@link #records()}, one record that is exactly {@code lines} without its final LF.
     */
    public Peer expect(String lines) throws IOException {
        if (records) {
            return expectRecord(lines.endsWith("\n") ? lines.substring(0, lines.length() - 1) : lines);
        }
        byte[] want = Bytes.ascii(lines);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        for (byte b : want) {
            if (b == '\n') {
                try {
                    got.write(readLine(Bytes.show(want), Math.max(64, want.length * 2)));
                } catch (CaseFailure f) {
                    // Show what came before the line that failed, too.
                    throw fail(f.getMessage(), Bytes.show(want), got.size() == 0 ? f.received()
                            : Bytes.show(got.toByteArray()) + " then " + f.received());
                }
            }
        }
        if (!Arrays.equals(got.toByteArray(), want)) {
            throw fail("a different answer", Bytes.show(want), Bytes.show(got.toByteArray()));
        }
        return this;
    }

    /** Reads one record and checks it is exactly {@code record}'s bytes (no LF added, none joined). */
    public Peer expectRecord(String record) throws IOException {
        byte[] want = Bytes.ascii(record);
        byte[] got = readRecord("one record " + Bytes.show(want));
        if (!Arrays.equals(got, want)) {
            throw fail("a different answer record", "one record " + Bytes.show(want), "one record "
                    + Bytes.show(got));
        }
        return this;
    }

    /** Checks the server closes the connection without sending anything more (within the timeout). */
    public void expectClosedWithoutAnswer() throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        try {
            byte[] buf = new byte[512];
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                got.write(buf, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw fail("the connection is still open " + timeout.toMillis() + " ms later", "(closed, no answer)",
                    got.size() == 0 ? "(nothing, still open)" : Bytes.show(got.toByteArray()) + ", still open");
        } catch (IOException e) {
            // A reset is a close too.
        }
        if (got.size() > 0) {
            throw fail("an answer to a violation", "(closed, no answer)", Bytes.show(got.toByteArray()) + " then closed");
        }
    }

    /** Bytes that arrived and can be read without waiting (a stop-and-wait peer has sent none yet). */
    public int available() throws IOException {
        return in.available();
    }

    /** A failure of the step just sent. */
    public CaseFailure fail(String why, String expected, String received) {
        return new CaseFailure(why, lastSent, expected, received);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing: nothing to report.
        }
    }
}
