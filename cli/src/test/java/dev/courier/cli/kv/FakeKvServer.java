package dev.courier.cli.kv;

import dev.courier.core.tls.CertificateStore;
import dev.courier.kv.KvServerExtension;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.function.Function;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;

/**
 * A misbehaving KV server for client tests, over JDK TLS with the test certificate: it answers every CONNECT
 * with {@code CONNECT: OK}, then gives each request line to a script that returns the bytes to answer, or null to
 * drop the connection.
 */
final class FakeKvServer implements AutoCloseable {
    private final SSLServerSocket server;
    private final Function<String, String> script;
    private final Thread thread;

    private FakeKvServer(SSLServerSocket server, Function<String, String> script) {
        this.server = server;
        this.script = script;
        this.thread = new Thread(this::serve, "fake-kv");
        thread.setDaemon(true);
    }

    /** Starts on a free loopback port. */
    static FakeKvServer start(Function<String, String> script) throws Exception {
        CertificateStore certs = KvServerExtension.certificates();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("k", certs.key(), new char[0], certs.chain().toArray(new Certificate[0]));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, new char[0]);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        SSLServerSocket s = (SSLServerSocket) ctx.getServerSocketFactory()
                .createServerSocket(0, 10, InetAddress.getByName("127.0.0.1"));
        FakeKvServer f = new FakeKvServer(s, script);
        f.thread.start();
        return f;
    }

    int port() {
        return server.getLocalPort();
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                DataInputStream in = new DataInputStream(s.getInputStream());
                OutputStream out = s.getOutputStream();
                readLine(in);
                in.readFully(new byte[32]);
                out.write("CONNECT: OK\n".getBytes(StandardCharsets.US_ASCII));
                String line;
                while ((line = readLine(in)) != null) {
                    String answer = script.apply(line);
                    if (answer == null) {
                        break;
                    }
                    out.write(answer.getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            } catch (IOException e) {
                // The client went away or the server was closed: wait for the next one.
            }
        }
    }

    private static String readLine(DataInputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                return null;
            }
            b.write(c);
        }
        return b.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
