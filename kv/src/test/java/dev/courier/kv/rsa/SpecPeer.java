package dev.courier.kv.rsa;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;

/**
 * A peer of the RSA edition written from spec section 8 alone, with the JDK only (a plain {@link Socket}, the
 * JDK's "RSA/ECB/PKCS1Padding", a hand-made DER encoder and parser): no Courier class, so it checks the server
 * rather than agreeing with it. It plays the client; {@link #serve} plays the original program's server.
 */
final class SpecPeer implements AutoCloseable {
    static final String BEGIN = "-----BEGIN RSA PUBLIC KEY-----";
    static final String END = "-----END RSA PUBLIC KEY-----";

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final KeyPair own;
    private RSAPublicKey peerKey;
    private String peerPem;
    private final ByteArrayOutputStream text = new ByteArrayOutputStream();

    private SpecPeer(Socket socket, KeyPair own) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.own = own;
        socket.setSoTimeout(5000);
    }

    /** Connects to a server and does nothing yet. */
    static SpecPeer connect(int port, KeyPair own) throws IOException {
        return new SpecPeer(new Socket("127.0.0.1", port), own);
    }

    /** Connects and exchanges keys: ours first, then the server's up to its END line. */
    static SpecPeer open(int port, KeyPair own) throws IOException {
        return exchange(connect(port, own), own);
    }

    /** As {@link #open(int, KeyPair)}, from the local address {@code local} (such as 127.0.0.2). */
    static SpecPeer openFrom(String local, int port, KeyPair own) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port, InetAddress.getByName(local), 0);
        return exchange(new SpecPeer(s, own), own);
    }

    private static SpecPeer exchange(SpecPeer p, KeyPair own) throws IOException {
        p.sendRaw(pem((RSAPublicKey) own.getPublic()).getBytes(StandardCharsets.US_ASCII));
        p.readPeerKey();
        return p;
    }

    /** Wraps an accepted socket as the server side: reads the client's key, answers with ours. */
    static SpecPeer serve(Socket accepted, KeyPair own) throws IOException {
        SpecPeer p = new SpecPeer(accepted, own);
        p.readPeerKey();
        p.sendRaw(pem((RSAPublicKey) own.getPublic()).getBytes(StandardCharsets.US_ASCII));
        return p;
    }

    /** A fresh JDK key pair. */
    static KeyPair newKeys(int bits) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(bits);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    void readPeerKey() throws IOException {
        StringBuilder sb = new StringBuilder();
        String line;
        do {
            line = readAsciiLine();
            sb.append(line);
        } while (!line.equals(END + "\n"));
        peerPem = sb.toString();
        peerKey = parsePem(peerPem);
    }

    private String readAsciiLine() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            b.write(c);
            if (c == '\n') {
                break;
            }
            if (b.size() > 1000) {
                throw new IOException("PEM line too long");
            }
        }
        if (c == -1) {
            throw new IOException("closed during the key exchange");
        }
        return b.toString(StandardCharsets.US_ASCII);
    }

    RSAPublicKey peerKey() {
        return peerKey;
    }

    String peerPem() {
        return peerPem;
    }

    int peerBlock() {
        return (peerKey.getModulus().bitLength() + 7) / 8;
    }

    int ownBlock() {
        return (((RSAPublicKey) own.getPublic()).getModulus().bitLength() + 7) / 8;
    }

    /** Sends {@code message} plus LF, cut into pieces of at most k-11 bytes, each one block. */
    SpecPeer send(String message) throws IOException {
        byte[] all = (message + "\n").getBytes(StandardCharsets.ISO_8859_1);
        int piece = peerBlock() - 11;
        ByteArrayOutputStream blocks = new ByteArrayOutputStream();
        for (int i = 0; i < all.length; i += piece) {
            blocks.write(encrypt(Arrays.copyOfRange(all, i, Math.min(all.length, i + piece))));
        }
        return sendRaw(blocks.toByteArray());
    }

    /** Sends {@code text} as exactly one block, as it is (the original program's way: no LF). */
    SpecPeer sendOneBlock(String text) throws IOException {
        return sendRaw(encrypt(text.getBytes(StandardCharsets.ISO_8859_1)));
    }

    byte[] encrypt(byte[] piece) {
        try {
            Cipher c = Cipher.getInstance("RSA/ECB/PKCS1Padding");
            c.init(Cipher.ENCRYPT_MODE, peerKey);
            return c.doFinal(piece);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    SpecPeer sendRaw(byte[] b) throws IOException {
        out.write(b);
        out.flush();
        return this;
    }

    /** The next message, without its LF: blocks decrypted one by one, cut at LF (short LF-free block: whole). */
    String receive() throws IOException {
        while (true) {
            byte[] t = text.toByteArray();
            for (int i = 0; i < t.length; i++) {
                if (t[i] == '\n') {
                    text.reset();
                    text.write(t, i + 1, t.length - i - 1);
                    return new String(t, 0, i, StandardCharsets.ISO_8859_1);
                }
            }
            byte[] block = in.readNBytes(ownBlock());
            if (block.length < ownBlock()) {
                throw new IOException("closed after " + block.length + " bytes of a block; text so far: "
                        + new String(t, StandardCharsets.ISO_8859_1));
            }
            byte[] plain = decrypt(block, own.getPrivate());
            text.write(plain);
            if (plain.length < ownBlock() - 11 && indexOf(plain, (byte) '\n') < 0) {
                text.write('\n');
            }
        }
    }

    /** The text of the next single block, exactly as decrypted (call only between messages). */
    String receiveBlockText() throws IOException {
        if (text.size() > 0) {
            throw new IllegalStateException("text of an earlier block is still waiting");
        }
        byte[] block = in.readNBytes(ownBlock());
        if (block.length < ownBlock()) {
            throw new IOException("closed after " + block.length + " bytes of a block");
        }
        return new String(decrypt(block, own.getPrivate()), StandardCharsets.ISO_8859_1);
    }

    static byte[] decrypt(byte[] block, PrivateKey key) {
        try {
            Cipher c = Cipher.getInstance("RSA/ECB/PKCS1Padding");
            c.init(Cipher.DECRYPT_MODE, key);
            return c.doFinal(block);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int indexOf(byte[] b, byte x) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == x) {
                return i;
            }
        }
        return -1;
    }

    /** True when the other side closed without sending anything more (a reset counts as closed). */
    boolean closedWithoutAnswer() throws IOException {
        try {
            return in.read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** Ends our sending direction (the other side sees end of stream). */
    void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** PKCS#1 RSAPublicKey PEM: DER SEQUENCE { INTEGER n, INTEGER e }, base64 in 64-character lines. */
    static String pem(RSAPublicKey key) {
        byte[] n = derInteger(key.getModulus());
        byte[] e = derInteger(key.getPublicExponent());
        byte[] body = new byte[n.length + e.length];
        System.arraycopy(n, 0, body, 0, n.length);
        System.arraycopy(e, 0, body, n.length, e.length);
        String b64 = Base64.getEncoder().encodeToString(der(0x30, body));
        StringBuilder sb = new StringBuilder(BEGIN).append('\n');
        for (int i = 0; i < b64.length(); i += 64) {
            sb.append(b64, i, Math.min(b64.length(), i + 64)).append('\n');
        }
        return sb.append(END).append('\n').toString();
    }

    private static byte[] derInteger(BigInteger v) {
        return der(0x02, v.toByteArray());
    }

    private static byte[] der(int tag, byte[] content) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(tag);
        int n = content.length;
        if (n < 0x80) {
            b.write(n);
        } else if (n < 0x100) {
            b.write(0x81);
            b.write(n);
        } else {
            b.write(0x82);
            b.write(n >> 8);
            b.write(n & 0xFF);
        }
        b.writeBytes(content);
        return b.toByteArray();
    }

    /** Parses the PEM block {@link #pem} writes. */
    static RSAPublicKey parsePem(String pem) {
        String body = pem.replace(BEGIN, "").replace(END, "").replace("\n", "");
        byte[] der = Base64.getDecoder().decode(body);
        int[] pos = {0};
        expect(der, pos, 0x30);
        length(der, pos);
        BigInteger n = integer(der, pos);
        BigInteger e = integer(der, pos);
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
        } catch (GeneralSecurityException x) {
            throw new IllegalStateException(x);
        }
    }

    private static BigInteger integer(byte[] der, int[] pos) {
        expect(der, pos, 0x02);
        int len = length(der, pos);
        BigInteger v = new BigInteger(Arrays.copyOfRange(der, pos[0], pos[0] + len));
        pos[0] += len;
        return v;
    }

    private static void expect(byte[] der, int[] pos, int tag) {
        if ((der[pos[0]++] & 0xFF) != tag) {
            throw new IllegalArgumentException("DER tag " + tag + " expected");
        }
    }

    private static int length(byte[] der, int[] pos) {
        int first = der[pos[0]++] & 0xFF;
        if (first < 0x80) {
            return first;
        }
        int len = 0;
        for (int i = 0; i < (first & 0x7F); i++) {
            len = (len << 8) | (der[pos[0]++] & 0xFF);
        }
        return len;
    }
}
