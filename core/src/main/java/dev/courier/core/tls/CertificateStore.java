package dev.courier.core.tls;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server's certificate chain and private key: loaded from PEM, or a self-signed pair made once and reused. The pair
 * can be {@linkplain #reload() read again} from its files (certificates are rotated every few months): a pair that
 * does not load, whose key does not match its certificate, or whose certificate is not valid now is refused, and the
 * store keeps the pair it had.
 */
public final class CertificateStore {
    private static final Logger LOG = LoggerFactory.getLogger(CertificateStore.class);
    /** Lifetime of a self-signed certificate made on first start. */
    public static final Duration SELF_SIGNED_VALIDITY = Duration.ofDays(825);
    /** Name of the certificate file under {@code <data-dir>/tls}. */
    public static final String CERT_FILE = "server.crt";
    /** Name of the key file under {@code <data-dir>/tls}. */
    public static final String KEY_FILE = "server.key";

    /** The pair served now. */
    private record Pair(List<X509Certificate> chain, PrivateKey key) {
    }

    /** What {@link #reload()} came to. */
    public enum Reload {
        /** The files hold a new valid pair: served to new connections from now on. */
        CHANGED,
        /** The files hold the pair served already. */
        UNCHANGED
    }

    private volatile Pair pair;
    private volatile long version;
    private final Path certFile;
    private final Path keyFile;

    private CertificateStore(List<X509Certificate> chain, PrivateKey key, Path certFile, Path keyFile) {
        this.pair = new Pair(List.copyOf(chain), key);
        this.certFile = certFile;
        this.keyFile = keyFile;
    }

    /** Loads a PEM certificate chain and a PEM private key (PKCS#1 or PKCS#8, RSA or EC). */
    public static CertificateStore load(Path certPem, Path keyPem) throws IOException {
        return new CertificateStore(readCertificates(certPem), readPrivateKey(keyPem), certPem, keyPem);
    }

    /**
     * Reads the pair again from its files; throws, keeping the pair served now, when they do not load, the key does
     * not match the certificate, or the certificate is not valid now.
     */
    public synchronized Reload reload() throws IOException {
        if (keyFile == null) {
            return Reload.UNCHANGED;
        }
        List<X509Certificate> chain = readCertificates(certFile);
        PrivateKey key = readPrivateKey(keyFile);
        check(chain, key);
        Pair now = pair;
        if (now.chain().equals(chain) && now.key().equals(key)) {
            return Reload.UNCHANGED;
        }
        pair = new Pair(List.copyOf(chain), key);
        version++;
        return Reload.CHANGED;
    }

    /** Throws when {@code key} is not the leaf's key or the leaf is not valid now. */
    private static void check(List<X509Certificate> chain, PrivateKey key) throws IOException {
        if (chain.isEmpty()) {
            throw new IOException("no certificate in the file");
        }
        X509Certificate leaf = chain.get(0);
        try {
            leaf.checkValidity();
        } catch (GeneralSecurityException e) {
            throw new IOException("the certificate is not valid now (" + leaf.getNotBefore() + " to "
                    + leaf.getNotAfter() + ")");
        }
        try {
            String alg = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256with" + key.getAlgorithm();
            byte[] probe = new byte[32];
            new SecureRandom().nextBytes(probe);
            Signature sign = Signature.getInstance(alg);
            sign.initSign(key);
            sign.update(probe);
            Signature verify = Signature.getInstance(alg);
            verify.initVerify(leaf.getPublicKey());
            verify.update(probe);
            if (!verify.verify(sign.sign())) {
                throw new IOException("the private key does not match the certificate");
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("the private key does not match the certificate (" + e.getMessage() + ")");
        }
    }

    /** How many times a new pair replaced the first: a context built for an older version is rebuilt. */
    public long version() {
        return version;
    }

    /**
     * Uses {@code dir/server.crt} and {@code dir/server.key}, making a self-signed ECDSA P-256 pair for
     * localhost and 127.0.0.1 there first when they do not exist.
     */
    public static CertificateStore selfSigned(Path dir) throws IOException {
        Path cert = dir.resolve(CERT_FILE);
        Path key = dir.resolve(KEY_FILE);
        if (Files.exists(cert) && Files.exists(key)) {
            return load(cert, key);
        }
        Files.createDirectories(dir);
        KeyPair pair;
        X509Certificate x509;
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
            gen.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            pair = gen.generateKeyPair();
            x509 = sign(pair);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("cannot make a self-signed certificate: " + e.getMessage(), e);
        }
        writeAtomically(key, toPem(new JcaPKCS8Generator(pair.getPrivate(), null)), true);
        writeAtomically(cert, toPem(x509), false);
        LOG.info("made a self-signed certificate for localhost in {}", cert);
        return new CertificateStore(List.of(x509), pair.getPrivate(), cert, key);
    }

    private static X509Certificate sign(KeyPair pair)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        X500Name name = new X500Name("CN=localhost, O=Courier self-signed");
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name,
                new BigInteger(64, new SecureRandom()).abs().add(BigInteger.ONE),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(SELF_SIGNED_VALIDITY)),
                name, pair.getPublic());
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.dNSName, "localhost"),
            new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
            new GeneralName(GeneralName.iPAddress, "::1"),
        }));
        // CA:true lets a client trust this very certificate as its own anchor with --cacert.
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        X509CertificateHolder holder = b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()));
        return new JcaX509CertificateConverter().getCertificate(holder);
    }

    /** Reads every certificate of a PEM file, leaf first. */
    public static List<X509Certificate> readCertificates(Path pem) throws IOException {
        List<X509Certificate> out = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(pem, StandardCharsets.US_ASCII); PEMParser p = new PEMParser(r)) {
            Object o;
            while ((o = p.readObject()) != null) {
                if (o instanceof X509CertificateHolder h) {
                    out.add(new JcaX509CertificateConverter().getCertificate(h));
                }
            }
        } catch (CertificateException e) {
            throw new IOException("bad certificate in " + pem + ": " + e.getMessage(), e);
        }
        if (out.isEmpty()) {
            throw new IOException("no PEM certificate in " + pem);
        }
        return out;
    }

    /** Reads a PEM private key, PKCS#1 ({@code BEGIN RSA/EC PRIVATE KEY}) or PKCS#8 ({@code BEGIN PRIVATE KEY}). */
    public static PrivateKey readPrivateKey(Path pem) throws IOException {
        try (Reader r = Files.newBufferedReader(pem, StandardCharsets.US_ASCII); PEMParser p = new PEMParser(r)) {
            Object o;
            JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
            while ((o = p.readObject()) != null) {
                if (o instanceof PEMKeyPair kp) {
                    return conv.getPrivateKey(kp.getPrivateKeyInfo());
                }
                if (o instanceof PrivateKeyInfo info) {
                    return conv.getPrivateKey(info);
                }
            }
        }
        throw new IOException("no unencrypted PEM private key in " + pem);
    }

    /** PEM text of a certificate or key. */
    public static String toPem(Object o) throws IOException {
        StringWriter sw = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
            w.writeObject(o);
        }
        return sw.toString();
    }

    private static void writeAtomically(Path target, String text, boolean secret) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
        try {
            if (secret) {
                setOwnerOnly(tmp);
            }
            Files.writeString(tmp, text, StandardCharsets.US_ASCII);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Restricts a file to its owner (mode 0600) where the file system has POSIX permissions. */
    public static void setOwnerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            LOG.warn("cannot restrict permissions of {} on this file system", file);
        }
    }

    /** The certificate chain, leaf first. */
    public List<X509Certificate> chain() {
        return pair.chain();
    }

    /** The private key of the leaf certificate. */
    public PrivateKey key() {
        return pair.key();
    }

    /** The file the key came from. */
    public Path keyFile() {
        return keyFile;
    }

    /** The file the certificate came from (what a client passes as {@code --cacert} for a self-signed one). */
    public Path certFile() {
        return certFile;
    }

    /** SHA-256 fingerprint of the leaf certificate, as colon-separated upper-case hex. */
    public String fingerprint() {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(pair.chain().get(0).getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(d);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
