package dev.courier.conformance.kv;

import dev.courier.conformance.Bytes;
import dev.courier.conformance.CaseFailure;
import dev.courier.conformance.Peer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import javax.crypto.Cipher;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;

/**
 * The legacy RSA edition's transport over a plain connection (docs/kv-rsa-edition.md): PEM public keys exchanged
 * (client first), then every message as PKCS#1 v1.5 blocks under the receiver's key, pieces of k − 11 bytes.
 */
final class RsaPeer implements AutoCloseable {
    private static final String BEGIN = "-----BEGIN RSA PUBLIC KEY-----";
    private static final String END = "-----END RSA PUBLIC KEY-----";

    private final Peer peer;
    private final KeyPair mine;
    private RSAPublicKey theirs;
    private final ByteArrayOutputStream text = new ByteArrayOutputStream();
    /** The record dialect: each message one block, no LF, in both directions. */
    private boolean records;

    private RsaPeer(Peer peer, KeyPair mine) {
        this.peer = peer;
        this.mine = mine;
    }

    /** A key pair of {@code bits} for the kit's side. */
    static KeyPair keys(int bits) throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(bits);
        return g.generateKeyPair();
    }

    /** Sends the kit's key, reads the server's: the exchange done. */
    static RsaPeer exchange(Peer peer, KeyPair mine) throws IOException, GeneralSecurityException {
        RsaPeer r = new RsaPeer(peer, mine);
        peer.send(pem((RSAPublicKey) mine.getPublic()));
        r.theirs = r.readKey();
        return r;
    }

    /** The PEM block of {@code k}, PKCS#1 RSAPublicKey, 64-character lines, LF ends. */
    static byte[] pem(RSAPublicKey k) throws IOException {
        byte[] der = new DERSequence(new ASN1Integer[] {new ASN1Integer(k.getModulus()),
            new ASN1Integer(k.getPublicExponent())}).getEncoded();
        String b64 = Base64.getEncoder().encodeToString(der);
        StringBuilder s = new StringBuilder(BEGIN).append('\n');
        for (int i = 0; i < b64.length(); i += 64) {
            s.append(b64, i, Math.min(b64.length(), i + 64)).append('\n');
        }
        return s.append(END).append('\n').toString().getBytes(StandardCharsets.US_ASCII);
    }

    private RSAPublicKey readKey() throws IOException, GeneralSecurityException {
        StringBuilder pem = new StringBuilder();
        String expected = "a PEM RSA PUBLIC KEY block";
        while (true) {
            String line = new String(peer.readLine(expected, 200), StandardCharsets.US_ASCII).strip();
            pem.append(line).append('\n');
            if (line.equals(END)) {
                break;
            }
            if (pem.length() > 16 * 1024) {
                throw peer.fail("the server's key did not end within 16 KiB", expected, "(longer)");
            }
        }
        String all = pem.toString();
        if (!all.startsWith(BEGIN)) {
            throw peer.fail("the server's key is not a PEM RSA PUBLIC KEY", expected, Bytes.show(Bytes.ascii(all)));
        }
        String b64 = all.substring(BEGIN.length(), all.length() - END.length() - 1).replaceAll("\\s", "");
        ASN1Sequence seq = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(Base64.getDecoder().decode(b64)));
        BigInteger n = ASN1Integer.getInstance(seq.getObjectAt(0)).getValue();
        BigInteger e = ASN1Integer.getInstance(seq.getObjectAt(1)).getValue();
        return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
    }

    /**
     * Speaks the record dialect from now on: {@link #send} turns its line-dialect text into records, each one
     * block; {@link #expect} reads one block and compares its text with the line without its LF.
     */
    RsaPeer records() {
        records = true;
        return this;
    }

    /** The server's key. */
    RSAPublicKey serverKey() {
        return theirs;
    }

    /** Sends {@code message} (its LF included, if any) as blocks: whole pieces of k − 11 bytes, then the rest. */
    RsaPeer send(String message) throws IOException, GeneralSecurityException {
        if (records) {
            ByteArrayOutputStream blocks = new ByteArrayOutputStream();
            for (byte[] r : KvRecordFraming.records(message.getBytes(StandardCharsets.ISO_8859_1), false)) {
                blocks.write(seal(r));
            }
            peer.send(blocks.toByteArray());
            return this;
        }
        byte[] t = message.getBytes(StandardCharsets.ISO_8859_1);
        int k = (theirs.getModulus().bitLength() + 7) / 8;
        int piece = k - 11;
        Cipher c = Cipher.getInstance("RSA/ECB/PKCS1Padding");
        ByteArrayOutputStream blocks = new ByteArrayOutputStream();
        for (int i = 0; i < t.length; i += piece) {
            c.init(Cipher.ENCRYPT_MODE, theirs);
            blocks.write(c.doFinal(t, i, Math.min(piece, t.length - i)));
        }
        peer.send(blocks.toByteArray());
        return this;
    }

    /** {@code text} as one block under the server's key (it must fit one piece). */
    private byte[] seal(byte[] text) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("RSA/ECB/PKCS1Padding");
        c.init(Cipher.ENCRYPT_MODE, theirs);
        return c.doFinal(text);
    }

    /** Sends {@code raw} bytes as they are (a block that is not one, say). */
    RsaPeer sendRaw(byte[] raw) throws IOException {
        peer.send(raw);
        return this;
    }

    /** Reads blocks until a whole message (up to LF) has come, and checks it is {@code line}. */
    RsaPeer expect(String line) throws IOException, GeneralSecurityException {
        if (records) {
            String want = KvRecordFraming.record(line);
            String got = new String(readBlock("one block " + Bytes.show(Bytes.ascii(want))),
                    StandardCharsets.ISO_8859_1);
            if (!got.equals(want)) {
                throw peer.fail("a different answer block", "one block " + Bytes.show(Bytes.ascii(want)),
                        "one block " + Bytes.show(Bytes.ascii(got)));
            }
            return this;
        }
        String got = readMessage(Bytes.show(Bytes.ascii(line)));
        if (!got.equals(line)) {
            throw peer.fail("a different answer", Bytes.show(Bytes.ascii(line)), Bytes.show(Bytes.ascii(got)));
        }
        return this;
    }

    private String readMessage(String expected) throws IOException, GeneralSecurityException {
        int k = (((RSAPublicKey) mine.getPublic()).getModulus().bitLength() + 7) / 8;
        Cipher c = Cipher.getInstance("RSA/ECB/PKCS1Padding");
        while (true) {
            byte[] have = text.toByteArray();
            for (int i = 0; i < have.length; i++) {
                if (have[i] == '\n') {
                    text.reset();
                    text.write(have, i + 1, have.length - i - 1);
                    return new String(have, 0, i + 1, StandardCharsets.ISO_8859_1);
                }
            }
            byte[] block = peer.readExactly(k, expected);
            c.init(Cipher.DECRYPT_MODE, mine.getPrivate());
            byte[] plain;
            try {
                plain = c.doFinal(block);
            } catch (GeneralSecurityException e) {
                throw peer.fail("a block that does not decrypt under the kit's key", expected,
                        Bytes.show(block, 16));
            }
            text.write(plain);
            // The short-block rule: a short block without LF is a whole message.
            if (plain.length < k - 11 && indexOf(plain, (byte) '\n') < 0) {
                text.write('\n');
            }
        }
    }

    /** Reads one block and decrypts it under the kit's key. */
    private byte[] readBlock(String expected) throws IOException, GeneralSecurityException {
        int k = (((RSAPublicKey) mine.getPublic()).getModulus().bitLength() + 7) / 8;
        byte[] block = peer.readExactly(k, expected);
        Cipher c = Cipher.getInstance("RSA/ECB/PKCS1Padding");
        c.init(Cipher.DECRYPT_MODE, mine.getPrivate());
        try {
            return c.doFinal(block);
        } catch (GeneralSecurityException e) {
            throw peer.fail("a block that does not decrypt under the kit's key", expected, Bytes.show(block, 16));
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

    /** Checks the server closes the connection without sending anything more. */
    void expectClosedWithoutAnswer() throws IOException {
        peer.expectClosedWithoutAnswer();
    }

    /** A failure of the last step. */
    CaseFailure fail(String why, String expected, String received) {
        return peer.fail(why, expected, received);
    }

    @Override
    public void close() {
        peer.close();
    }
}
