package dev.courier.mail;

import dev.courier.core.tls.CertificateStore;
import dev.courier.mail.protocol.Checksum;
import dev.courier.mail.protocol.Wire;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * A test peer that speaks raw bytes over a JDK socket (TLS or clear), independent of the project's own client,
 * to check the server's bytes exactly.
 */
public final class RawMailConnection implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawMailConnection(Socket socket) throws IOException {
        socket.setSoTimeout(5000);
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Opens a verified TLS connection to localhost:port. */
    public static RawMailConnection tls(int port, Path caCert) throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        ks.setCertificateEntry("ca", CertificateStore.readCertificates(caCert).get(0));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("localhost", port);
        s.startHandshake();
        return new RawMailConnection(s);
    }

    /** Opens a clear-text connection to localhost:port. */
    public static RawMailConnection plain(int port) throws IOException {
        return new RawMailConnection(new Socket("localhost", port));
    }

    /** The bytes of a whole line for {@code payload}: payload, #, checksum, LF. */
    public static String line(String payload) {
        return payload + "#" + Checksum.hex(payload.getBytes(StandardCharsets.UTF_8)) + "\n";
    }

    /** Sends bytes as they are. */
    public RawMailConnection sendBytes(byte[] b) throws IOException {
        out.write(b);
        out.flush();
        return this;
    }

    /** Sends text (UTF-8) as it is: write the checksum and LF yourself. */
    public RawMailConnection sendRaw(String text) throws IOException {
        return sendBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends one request line with a correct checksum. */
    public RawMailConnection send(String payload) throws IOException {
        return sendBytes(Wire.line(payload));
    }

    /** Reads one line, LF included, as UTF-8. */
    public String readLine() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            b.write(c);
            if (c == '\n') {
                break;
            }
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    /** Sends a request and reads one reply line. */
    public String ask(String payload) throws IOException {
        send(payload);
        return readLine();
    }

    /** Logs in and returns the session id (fails the test if the reply is not a session). */
    public String login(String user, String password) throws IOException {
        String reply = ask(user + ":" + password);
        if (!reply.startsWith("Session Started:")) {
            throw new AssertionError("login failed: " + reply);
        }
        return reply.substring("Session Started:".length(), "Session Started:".length() + 32);
    }

    /** True when the server closed the connection without sending more (a reset counts as closed). */
    public boolean closedWithoutAnswer() throws IOException {
        try {
            return in.read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
