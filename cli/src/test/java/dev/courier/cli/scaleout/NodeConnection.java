package dev.courier.cli.scaleout;

import dev.courier.cli.attack.ServerProcess;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.zip.CRC32;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * A byte-level KV client of one node (a jar process): TLS that trusts only that node's own
 * {@code <data-dir>/tls/server.crt} (each node makes its own self-signed certificate), and the wire format written
 * and read by hand, so that the test sees exactly what the node answered (and a GET's CRC line is checked).
 */
final class NodeConnection implements AutoCloseable {
    /** What {@link #get} returns for {@code GET: ERROR}. */
    static final String ERROR = "ERROR";

    private final Socket tcp;
    private final SSLSocket socket;
    private final InputStream in;
    private final OutputStream out;

    private NodeConnection(Socket tcp, SSLSocket socket) throws IOException {
        this.tcp = tcp;
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Opens a TLS connection to {@code node}'s KV port; a read waits at most {@code readTimeoutMillis}. */
    static NodeConnection open(ServerProcess node, int readTimeoutMillis) throws Exception {
        SSLContext ctx = trusting(node.dataDir().resolve("tls/server.crt"));
        int port = node.port("kv");
        Socket tcp = new Socket("127.0.0.1", port);
        tcp.setTcpNoDelay(true);
        tcp.setSoTimeout(readTimeoutMillis);
        // The node's certificate is the trust anchor itself; its names are not what is tested here.
        SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(tcp, "127.0.0.1", port, true);
        s.setSoTimeout(readTimeoutMillis);
        try {
            s.startHandshake();
        } catch (IOException e) {
            tcp.close();
            throw e;
        }
        return new NodeConnection(tcp, s);
    }

    private static SSLContext trusting(Path certFile) throws Exception {
        X509Certificate cert;
        try (InputStream f = Files.newInputStream(certFile)) {
            cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(f);
        }
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        ks.setCertificateEntry("node", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    /** Sends {@code CONNECT id} with its 32 hash bytes and returns the answer line without its LF. */
    String connect(String id, byte[] hash) throws IOException {
        out.write(("CONNECT " + id + "\n").getBytes(StandardCharsets.US_ASCII));
        out.write(hash);
        out.flush();
        return readLine();
    }

    /** Sends {@code PUT key LF value LF} and returns the answer line without its LF ({@code PUT: OK}, ...). */
    String put(String key, String value) throws IOException {
        send("PUT " + key + "\n" + value + "\n");
        return readLine();
    }

    /**
     * Sends {@code GET key} and returns the value, or {@link #ERROR} for {@code GET: ERROR}; fails on any other
     * answer or on a CRC line that is not the value's CRC-32.
     */
    String get(String key) throws IOException {
        send("GET " + key + "\n");
        String line = readLine();
        if (line.equals("GET: ERROR")) {
            return ERROR;
        }
        if (!line.startsWith("GET ")) {
            throw new IOException("not an answer to GET: '" + line + "'");
        }
        String value = line.substring(4);
        String crcLine = readLine();
        CRC32 crc = new CRC32();
        crc.update(value.getBytes(StandardCharsets.ISO_8859_1));
        if (!crcLine.equals(Long.toString(crc.getValue()))) {
            throw new IOException("GET " + key + " answered '" + value + "' with the CRC line '" + crcLine
                    + "', not " + crc.getValue());
        }
        return value;
    }

    /** Sends ASCII text as it is (write LFs yourself). */
    void send(String ascii) throws IOException {
        out.write(ascii.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /**
     * Reads one line and returns it without its LF; throws {@link EOFException} if the node closed the connection
     * first, and {@link java.net.SocketTimeoutException} if nothing came within the read timeout.
     */
    String readLine() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\n') {
            if (c == -1) {
                throw new EOFException("the node closed the connection"
                        + (b.size() == 0 ? "" : " after '" + b.toString(StandardCharsets.ISO_8859_1) + "'"));
            }
            b.write(c);
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    /** A new connection to {@code node} on which {@code CONNECT id} was answered OK, if it was. */
    static Optional<NodeConnection> tryConnect(ServerProcess node, String id, int readTimeoutMillis)
            throws Exception {
        NodeConnection c = open(node, readTimeoutMillis);
        boolean ok = false;
        try {
            ok = c.connect(id, RedisNodes.hash(id)).equals("CONNECT: OK");
        } finally {
            if (!ok) {
                c.abort();
            }
        }
        return ok ? Optional.of(c) : Optional.empty();
    }

    /** Drops the TCP connection at once, without close_notify or DISCONNECT. */
    void abort() throws IOException {
        tcp.close();
    }

    /** Closes without DISCONNECT: the node keeps the session for its client. */
    @Override
    public void close() throws IOException {
        socket.close();
    }
}
