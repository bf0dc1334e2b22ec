package dev.courier.kv.client;

import dev.courier.core.tls.CertificateStore;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;

/**
 * A misbehaving KV server for client tests: a JDK TLS listener on loopback that serves one connection by a script
 * of raw reads and writes, so a test can send any bytes the real server never would.
 */
final class ScriptedTlsServer implements AutoCloseable {
    /** What the server does with its one connection. */
    interface Script {
        void run(Peer peer) throws Exception;
    }

    /** The server's side of the connection. */
    static final class Peer {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        Peer(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream());
            this.out = socket.getOutputStream();
        }

        /** Reads one line, LF included. */
        String readLine() throws IOException {
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

        /** Reads the CONNECT line and the 32 hash bytes; returns the line. */
        String readConnect() throws IOException {
            String line = readLine();
            if (in.readNBytes(32).length != 32) {
                throw new IOException("no hash after " + line);
            }
            return line;
        }

        /** Sends text as raw bytes, in one TLS record. */
        Peer send(String s) throws IOException {
            out.write(s.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return this;
        }

        /** True when the client closed the connection (within the socket timeout); what it still sent is skipped. */
        boolean clientClosed() throws IOException {
            try {
                while (in.read() != -1) {
                    // Bytes the client wrote before it gave up, such as a PUT's value line.
                }
                return true;
            } catch (SocketTimeoutException e) {
                return false;
            } catch (IOException e) {
                return true;
            }
        }

        /** Closes the connection (TLS close_notify, then TCP). */
        void close() throws IOException {
            socket.close();
        }
    }

    private final SSLServerSocket listener;
    private final CompletableFuture<Void> done = new CompletableFuture<>();

    private ScriptedTlsServer(SSLServerSocket listener, Script script) {
        this.listener = listener;
        Thread t = new Thread(() -> {
            try (Socket s = listener.accept()) {
                s.setSoTimeout(10_000);
                script.run(new Peer(s));
                done.complete(null);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        }, "scripted-tls-server");
        t.setDaemon(true);
        t.start();
    }

    /** Starts a server presenting {@code certs} that runs {@code script} for its first connection. */
    static ScriptedTlsServer start(CertificateStore certs, Script script) throws Exception {
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
        return new ScriptedTlsServer(l, script);
    }

    /** The port the server listens on. */
    int port() {
        return listener.getLocalPort();
    }

    /** Waits for the script to end; rethrows what it threw (an assertion on the server's side, say). */
    void awaitScript() throws Exception {
        done.get(20, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
