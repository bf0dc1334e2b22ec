package dev.courier.cli.attack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.zip.CRC32;

/** A raw plain-TCP transfer sender bound to a chosen loopback address, writing the spec's frames by hand. */
final class TransferPeer implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    /** When the connection was made, to time deadlines from it. */
    final long connectedNanos = System.nanoTime();

    private TransferPeer(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(15_000);
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Connects from {@code from} to the transfer port on the loopback address. */
    static TransferPeer connect(String from, int port) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
        return new TransferPeer(s);
    }

    /** The first frame of a message: the 50-byte header announcing {@code size}, then {@code chunk}. */
    static byte[] firstFrame(long size, byte[] sha256, byte[] chunk) {
        return ByteBuffer.allocate(50 + chunk.length).putLong(size).put((byte) '\r').put((byte) '\n').put(sha256)
                .put((byte) '\r').put((byte) '\n').putInt(crc(chunk, 0, chunk.length)).put((byte) '\r')
                .put((byte) '\n').put(chunk).array();
    }

    /** A later frame: the CRC-32 header, then {@code n} bytes of {@code body} from {@code from}. */
    static byte[] nextFrame(byte[] body, int from, int n) {
        return ByteBuffer.allocate(6 + n).putInt(crc(body, from, n)).put((byte) '\r').put((byte) '\n')
                .put(body, from, n).array();
    }

    static int crc(byte[] b, int from, int n) {
        CRC32 c = new CRC32();
        c.update(b, from, n);
        return (int) c.getValue();
    }

    static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    void send(byte[] b) throws IOException {
        synchronized (out) {
            out.write(b);
            out.flush();
        }
    }

    /** Whether the receiver's answer is waiting to be read. */
    boolean answered() throws IOException {
        return in.available() > 0;
    }

    /** A line with its CR LF, or what came before the end of the stream. */
    String readLine() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = readByte()) != -1) {
            b.write(c);
            if (c == '\n') {
                break;
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    /** A byte, or -1 at the end of the stream (a reset after the receiver closed counts as the end). */
    private int readByte() throws IOException {
        try {
            return in.read();
        } catch (SocketException reset) {
            return -1;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
