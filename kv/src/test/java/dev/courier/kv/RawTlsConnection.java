package dev.courier.kv;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * A test peer that speaks raw bytes over a JDK TLS socket, independent of the project's own client, to check the
 * server's bytes exactly.
 */
public final class RawTlsConnection implements AutoCloseable {
    /** How long a read waits: generous, as a loaded machine may be slow; no test waits this long when it passes. */
    public static final int SO_TIMEOUT_MILLIS = 10_000;

    private final Socket tcp;
    private final SSLSocket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawTlsConnection(Socket tcp, SSLSocket socket) throws IOException {
        this.tcp = tcp;
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Opens a verified TLS connection to localhost:port. */
    public static RawTlsConnection open(int port) throws Exception {
        return open("localhost", port);
    }

    /** Opens a TLS connection to host:port that trusts the test certificate (the host name is not checked). */
    public static RawTlsConnection open(String host, int port) throws Exception {
        return open(host, port, new String[0]);
    }

    /** Opens a TLS connection to 127.0.0.1:port from the local address {@code local} (such as 127.0.0.2). */
    public static RawTlsConnection openFrom(String local, int port) throws Exception {
        return open("127.0.0.1", port, InetAddress.getByName(local));
    }

    /** As {@link #open(String, int)}, offering only the given TLS versions (all the JDK's if none). */
    public static RawTlsConnection open(String host, int port, String... protocols) throws Exception {
        return open(host, port, null, protocols);
    }

    private static RawTlsConnection open(String host, int port, InetAddress local, String... protocols)
            throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        X509Certificate ca = KvServerExtension.certificates().chain().get(0);
        ks.setCertificateEntry("ca", ca);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        Socket tcp = local == null ? new Socket(host, port)
                : new Socket(InetAddress.getByName(host), port, local, 0);
        tcp.setTcpNoDelay(true);
        tcp.setSoTimeout(SO_TIMEOUT_MILLIS);
        SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(tcp, host, port, true);
        s.setSoTimeout(SO_TIMEOUT_MILLIS);
        if (protocols.length > 0) {
            s.setEnabledProtocols(protocols);
        }
        try {
            s.startHandshake();
        } catch (IOException e) {
            tcp.close();
            throw e;
        }
        return new RawTlsConnection(tcp, s);
    }

    /** The TLS version agreed on. */
    public String protocol() {
        return socket.getSession().getProtocol();
    }

    /** Sends bytes as they are. */
    public RawTlsConnection send(byte[] b) throws IOException {
        out.write(b);
        out.flush();
        return this;
    }

    /** Sends bytes one per write (each its own TLS record), so the server sees the message split everywhere. */
    public RawTlsConnection sendBytewise(byte[] b) throws IOException {
        for (byte x : b) {
            out.write(x);
            out.flush();
        }
        return this;
    }

    /** The raw output stream, for tests that write from their own thread. */
    public OutputStream output() {
        return out;
    }

    /** Sends ASCII text as it is (write LFs yourself). */
    public RawTlsConnection send(String ascii) throws IOException {
        return send(ascii.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Sends {@code CONNECT id} LF and the 32 hash bytes. */
    public RawTlsConnection connect(String id, byte[] hash) throws IOException {
        send("CONNECT " + id + "\n");
        return send(hash);
    }

    /** Reads exactly {@code n} bytes as Latin-1 text. */
    public String read(int n) throws IOException {
        return new String(in.readNBytes(n), StandardCharsets.ISO_8859_1);
    }

    /** Reads exactly the bytes of {@code expected} and returns them as text (to compare). */
    public String readLike(String expected) throws IOException {
        return read(expected.length());
    }

    /** Reads one line, LF included. */
    public String readLine() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            b.write(c);
            if (c == '\n') {
                break;
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    /**
     * True when the server closed the connection without sending anything more (within the socket timeout).
     * A reset counts as closed.
     */
    public boolean closedWithoutAnswer() throws IOException {
        try {
            return in.read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /**
     * Drops the TCP connection under TLS at once, without close_notify: unlike {@link #close()} it does not wait
     * for a thread blocked writing.
     */
    public void abort() throws IOException {
        tcp.close();
    }

    /** Closes without DISCONNECT. */
    @Override
    public void close() throws IOException {
        socket.close();
    }
}
