package dev.courier.cli.attack;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/** One KV TLS connection from a chosen loopback address, speaking the wire protocol by hand (an attacker's view). */
public final class KvPeer implements AutoCloseable {
    /** The password hash every attack peer sends: the server keeps only its digest, so any 32 bytes do. */
    static final byte[] HASH = new byte[32];

    private final SSLSocket socket;
    private final OutputStream out;
    private final InputStream in;

    private KvPeer(SSLSocket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
    }

    /** A TLS context that trusts only the server's own certificate (its {@code tls/server.crt}). */
    public static SSLContext trusting(Path certificate) throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        try (InputStream in = Files.newInputStream(certificate)) {
            ks.setCertificateEntry("server", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    /** Connects from {@code from} to the KV port on 127.0.0.1 and completes the TLS handshake. */
    public static KvPeer open(SSLContext tls, String from, int port, Duration readTimeout) throws IOException {
        Socket tcp = new Socket(InetAddress.getByName("127.0.0.1"), port, InetAddress.getByName(from), 0);
        tcp.setSoTimeout((int) readTimeout.toMillis());
        SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket(tcp, "127.0.0.1", port, true);
        s.startHandshake();
        return new KvPeer(s);
    }

    /** Sends {@code CONNECT id} with {@link #HASH}; returns the answer line. */
    public String connect(String id) throws IOException {
        out.write(("CONNECT " + id + "\n").getBytes(StandardCharsets.US_ASCII));
        out.write(HASH);
        out.flush();
        return line();
    }

    void send(String s) throws IOException {
        send(s.getBytes(StandardCharsets.US_ASCII));
    }

    public void send(byte[] b) throws IOException {
        out.write(b);
        out.flush();
    }

    /**
     * Pipelines {@code count} PUTs of {@code value} under the keys {@code firstKey, firstKey + 1, ...}, then reads
     * their answers; returns how many were {@code PUT: OK} (the others were {@code PUT: ERROR}).
     */
    int putBatch(long firstKey, int count, byte[] value) throws IOException {
        ByteArrayOutputStream batch = new ByteArrayOutputStream(count * (value.length + 32));
        for (int i = 0; i < count; i++) {
            batch.writeBytes(("PUT " + (firstKey + i) + "\n").getBytes(StandardCharsets.US_ASCII));
            batch.writeBytes(value);
            batch.write('\n');
        }
        send(batch.toByteArray());
        int ok = 0;
        for (int i = 0; i < count; i++) {
            String answer = line();
            if (answer.equals("PUT: OK")) {
                ok++;
            } else if (!answer.equals("PUT: ERROR")) {
                throw new IOException("unexpected answer to PUT: " + answer);
            }
        }
        return ok;
    }

    /** The next answer line without its LF. */
    public String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new IOException("closed by the server");
            }
            b.write(c);
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
