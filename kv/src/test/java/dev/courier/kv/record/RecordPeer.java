package dev.courier.kv.record;

import dev.courier.kv.KvServerExtension;
import dev.courier.core.tls.CertificateStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * A peer of the record dialect written with the JDK alone, as the 2023 programs are written: one {@code write} per
 * message, which a JDK TLS socket sends as one record (under 16 KiB), and one {@code read} per message, which
 * returns the data of at most one record.
 */
final class RecordPeer implements AutoCloseable {
    /** A read waits this long at most; no passing test waits for it. */
    static final int SO_TIMEOUT_MILLIS = 10_000;
    private static final int RECORD_BYTES = 1 << 14;

    /**
     * A TCP socket whose writes can be held back ("corked"): the TLS socket on top of it still makes one record
     * per write, but the records then leave together, in one TCP write, as a client's burst would arrive.
     */
    private static final class CorkedSocket extends Socket {
        private final java.io.ByteArrayOutputStream held = new java.io.ByteArrayOutputStream();
        private boolean corked;
        private OutputStream raw;

        @Override
        public synchronized OutputStream getOutputStream() throws IOException {
            if (raw == null) {
                raw = super.getOutputStream();
            }
            return new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    synchronized (CorkedSocket.this) {
                        if (corked) {
                            held.write(b, off, len);
                        } else {
                            raw.write(b, off, len);
                        }
                    }
                }

                @Override
                public void flush() throws IOException {
                    synchronized (CorkedSocket.this) {
                        if (!corked) {
                            raw.flush();
                        }
                    }
                }
            };
        }

        synchronized void cork() {
            corked = true;
        }

        /** Sends what was held in one write, and writes through again. */
        synchronized int uncork() throws IOException {
            corked = false;
            int n = held.size();
            raw.write(held.toByteArray());
            raw.flush();
            held.reset();
            return n;
        }
    }

    private final SSLSocket socket;
    private final InputStream in;
    private final OutputStream out;
    private CorkedSocket tcp;

    private RecordPeer(SSLSocket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(SO_TIMEOUT_MILLIS);
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** A client connected to localhost:{@code port}, trusting the test certificate, handshake done. */
    static RecordPeer connect(int port) throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        ks.setCertificateEntry("ca", KvServerExtension.certificates().chain().get(0));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        CorkedSocket tcp = new CorkedSocket();
        tcp.connect(new java.net.InetSocketAddress("127.0.0.1", port));
        tcp.setTcpNoDelay(true);
        SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(tcp, "localhost", port, true);
        s.startHandshake();
        RecordPeer p = new RecordPeer(s);
        p.tcp = tcp;
        return p;
    }

    /** A TLS listener on loopback presenting the test certificate. */
    static SSLServerSocket listen() throws Exception {
        CertificateStore certs = KvServerExtension.certificates();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        char[] pw = "test".toCharArray();
        ks.setKeyEntry("server", certs.key(), pw, certs.chain().toArray(new X509Certificate[0]));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, pw);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        SSLServerSocket l = (SSLServerSocket) ctx.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress());
        l.setEnabledProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
        return l;
    }

    /** The next connection to {@code listener}, as the server side. */
    static RecordPeer accept(SSLServerSocket listener) throws IOException {
        return new RecordPeer((SSLSocket) listener.accept());
    }

    /** Sends {@code message} with one write: one TLS record. */
    RecordPeer send(byte[] message) throws IOException {
        out.write(message);
        out.flush();
        return this;
    }

    /** Sends the ASCII text {@code message} with one write. */
    RecordPeer send(String message) throws IOException {
        return send(message.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Holds back what is sent from now on (a client this test connected only). */
    RecordPeer cork() {
        tcp.cork();
        return this;
    }

    /** Sends what was held back in one TCP write; returns how many bytes that was. */
    int uncork() throws IOException {
        return tcp.uncork();
    }

    /** The next record's data (one read), or null when the other side closed. */
    byte[] readRecord() throws IOException {
        byte[] buf = new byte[RECORD_BYTES];
        int n = in.read(buf);
        return n < 0 ? null : Arrays.copyOf(buf, n);
    }

    /** The next record as Latin-1 text, or null when the other side closed. */
    String read() throws IOException {
        byte[] r = readRecord();
        return r == null ? null : new String(r, StandardCharsets.ISO_8859_1);
    }

    /** Whether the other side closed without sending anything more (a reset counts as closed). */
    boolean closedWithoutAnswer() throws IOException {
        try {
            return in.read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** Waits at most {@code millis} for a record; true if none came (the other side waits for us). */
    boolean nothingWithin(int millis) throws IOException {
        socket.setSoTimeout(millis);
        try {
            return in.read(new byte[RECORD_BYTES]) == 0;
        } catch (SocketTimeoutException e) {
            return true;
        } finally {
            socket.setSoTimeout(SO_TIMEOUT_MILLIS);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
