package dev.courier.kv.rsa;

import dev.courier.core.tls.CertificateStore;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAKeyGenParameterSpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Primitive;

/**
 * The RSA edition's keys: generation in the sizes the edition allows, and the PKCS#1 {@code RSA PUBLIC KEY} PEM
 * block both sides send, written byte for byte as Python's {@code rsa} package and {@code openssl rsa
 * -RSAPublicKey_out} write it (64-character base64 lines, LF line ends).
 */
public final class RsaKeys {
    /** The edition's key size, as the original program used (factorable: see the warning at start). */
    public static final int DEFAULT_BITS = 512;
    /** Smallest size selectable besides the default. */
    public static final int MIN_SELECTABLE_BITS = 1024;
    /** Largest size selectable, and largest peer key accepted. */
    public static final int MAX_BITS = 4096;
    /** Smallest peer key accepted: the edition's own size. */
    public static final int MIN_PEER_BITS = 512;
    /** Largest public exponent accepted from a peer, in bits: a huge one would make every encryption costly. */
    public static final int MAX_PUBLIC_EXPONENT_BITS = 32;
    /** PKCS#1 v1.5 padding takes 11 bytes of every block. */
    public static final int PADDING_BYTES = 11;
    /** The PEM block's first line. */
    public static final String BEGIN = "-----BEGIN RSA PUBLIC KEY-----";
    /** The PEM block's last line. */
    public static final String END = "-----END RSA PUBLIC KEY-----";
    private static final int PEM_LINE = 64;
    private static final SecureRandom RANDOM = new SecureRandom();

    private RsaKeys() {
    }

    /** Checks a key size is one the edition allows: 512, or 1024 to 4096. */
    public static int checkBits(int bits) {
        if (bits != DEFAULT_BITS && (bits < MIN_SELECTABLE_BITS || bits > MAX_BITS)) {
            throw new IllegalArgumentException("RSA key size must be " + DEFAULT_BITS + " (the edition's default) or "
                    + MIN_SELECTABLE_BITS + " to " + MAX_BITS + " bits, not " + bits);
        }
        return bits;
    }

    /** A fresh key pair of {@code bits} (checked by {@link #checkBits}) with public exponent 65537. */
    public static KeyPair generate(int bits) {
        checkBits(bits);
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(new RSAKeyGenParameterSpec(bits, RSAKeyGenParameterSpec.F4), RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot make RSA keys", e);
        }
    }

    /** Loads a key pair from a PEM private key file (PKCS#1 or PKCS#8, as {@code openssl genrsa} writes). */
    public static KeyPair load(Path privateKeyPem) throws IOException {
        PrivateKey key = CertificateStore.readPrivateKey(privateKeyPem);
        if (!(key instanceof RSAPrivateCrtKey crt)) {
            throw new IOException(privateKeyPem + " holds no RSA private key with its public part");
        }
        return new KeyPair(publicKey(crt.getModulus(), crt.getPublicExponent()), key);
    }

    /** Length in bytes of a block under {@code key}: k, the modulus length. */
    public static int blockBytes(RSAPublicKey key) {
        return (key.getModulus().bitLength() + 7) / 8;
    }

    /** Longest piece of text one block under {@code key} carries: k - 11. */
    public static int pieceBytes(RSAPublicKey key) {
        return blockBytes(key) - PADDING_BYTES;
    }

    /** The PEM block of {@code key}, ended by LF. */
    public static String toPem(RSAPublicKey key) {
        byte[] der;
        try {
            der = new org.bouncycastle.asn1.pkcs.RSAPublicKey(key.getModulus(), key.getPublicExponent())
                    .getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException("cannot DER-encode an RSA public key", e);
        }
        String b64 = Base64.getEncoder().encodeToString(der);
        StringBuilder sb = new StringBuilder(BEGIN).append('\n');
        for (int i = 0; i < b64.length(); i += PEM_LINE) {
            sb.append(b64, i, Math.min(b64.length(), i + PEM_LINE)).append('\n');
        }
        return sb.append(END).append('\n').toString();
    }

    /** The PEM block of {@code key} as the ASCII bytes sent on the wire. */
    public static byte[] pemBytes(RSAPublicKey key) {
        return toPem(key).getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Parses one PEM block: the BEGIN line, base64 lines, the END line, lines ended by LF (a CR before it is
     * allowed), nothing else. The key must be 512 to 4096 bits with an odd exponent of at most 32 bits.
     */
    public static RSAPublicKey parsePem(String pem) {
        String[] lines = pem.split("\n", -1);
        int last = lines.length - 1;
        if (last > 0 && lines[last].isEmpty()) {
            last--;
        }
        if (last < 2 || !BEGIN.equals(chomp(lines[0])) || !END.equals(chomp(lines[last]))) {
            throw new RsaProtocolException("not a PEM block '" + BEGIN + "' ... '" + END + "'");
        }
        StringBuilder b64 = new StringBuilder();
        for (int i = 1; i < last; i++) {
            b64.append(chomp(lines[i]));
        }
        byte[] der;
        try {
            der = Base64.getDecoder().decode(b64.toString());
        } catch (IllegalArgumentException e) {
            throw new RsaProtocolException("PEM body is not base64: " + e.getMessage());
        }
        org.bouncycastle.asn1.pkcs.RSAPublicKey asn;
        try {
            asn = org.bouncycastle.asn1.pkcs.RSAPublicKey.getInstance(ASN1Primitive.fromByteArray(der));
        } catch (IOException | RuntimeException e) {
            throw new RsaProtocolException("PEM body is not a PKCS#1 RSAPublicKey: " + e.getMessage());
        }
        if (asn == null) {
            // An empty body parses to no object at all (found by fuzzing: it was a NullPointerException).
            throw new RsaProtocolException("PEM body is empty: no PKCS#1 RSAPublicKey");
        }
        return checkPeer(asn.getModulus(), asn.getPublicExponent());
    }

    private static RSAPublicKey checkPeer(BigInteger n, BigInteger e) {
        int bits = n.bitLength();
        if (n.signum() <= 0 || bits < MIN_PEER_BITS || bits > MAX_BITS) {
            throw new RsaProtocolException("RSA modulus of " + bits + " bits; " + MIN_PEER_BITS + " to " + MAX_BITS
                    + " are accepted");
        }
        if (e.signum() <= 0 || !e.testBit(0) || e.compareTo(BigInteger.valueOf(3)) < 0
                || e.bitLength() > MAX_PUBLIC_EXPONENT_BITS) {
            throw new RsaProtocolException("RSA public exponent must be odd, 3 or more, and at most "
                    + MAX_PUBLIC_EXPONENT_BITS + " bits");
        }
        return publicKey(n, e);
    }

    private static RSAPublicKey publicKey(BigInteger n, BigInteger e) {
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
        } catch (GeneralSecurityException x) {
            throw new RsaProtocolException("unusable RSA public key: " + x.getMessage(), x);
        }
    }

    private static String chomp(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }
}
