package dev.courier.transfer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/** A test sender that speaks raw bytes over plain TCP or JDK TLS, independent of the project's own sender. */
public final class RawPeer implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawPeer(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(5000);
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Connects to the extension's receiver, over TLS if it speaks TLS. */
    public static RawPeer open(TransferServerExtension server) throws Exception {
        if (!server.isTls()) {
            return new RawPeer(new Socket("localhost", server.port()));
        }
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        ks.setCertificateEntry("ca", TransferServerExtension.certificates().chain().get(0));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("localhost", server.port());
        s.startHandshake();
        return new RawPeer(s);
    }

    /** Connects over plain TCP from another local address (Linux routes all of 127.0.0.0/8 to loopback). */
    public static RawPeer openFrom(TransferServerExtension server, String localAddress) throws Exception {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()), 5000);
        return new RawPeer(s);
    }

    /** Sends bytes as they are. */
    public RawPeer send(byte[] b) throws IOException {
        out.write(b);
        out.flush();
        return this;
    }

    /** Sends ASCII text as it is. */
    public RawPeer send(String ascii) throws IOException {
        return send(ascii.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Bytes that can be read without blocking. */
    public int available() throws IOException {
        return in.available();
    }

    /** Reads one reply line, CR LF included ("" at end of stream). */
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

    /** True when the receiver closed the connection with nothing more to say (a reset counts). */
    public boolean closedByPeer() throws IOException {
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
