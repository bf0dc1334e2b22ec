package dev.courier.core.tls;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A small certificate authority in one directory ({@code ca.crt}, {@code ca.key}) that issues client certificates
 * for mutual TLS ({@code NAME.crt}, {@code NAME.key}): ECDSA P-256, made with BouncyCastle, keys written mode 0600
 * as unencrypted PKCS#8, so an operator needs no OpenSSL recipe.
 */
public final class CertificateAuthority {
    /** The CA's certificate under the CA directory: what a server takes as its client CA. */
    public static final String CA_CERT = "ca.crt";
    /** The CA's private key under the CA directory. */
    public static final String CA_KEY = "ca.key";
    /** Lifetime of a CA made by {@link #issueClient}: ten years, so its clients' renewals outlive it rarely. */
    public static final Duration CA_VALIDITY = Duration.ofDays(3650);
    /** Default lifetime of a client certificate. */
    public static final int DEFAULT_CLIENT_DAYS = 365;
    /** Longest lifetime of a client certificate, in days (the CA's). */
    public static final int MAX_CLIENT_DAYS = 3650;
    /** How far back a certificate's notBefore is put, so a clock a little behind still accepts it. */
    public static final Duration CLOCK_SKEW = Duration.ofHours(1);
    /** What a client name may be: it becomes a file name and the certificate's CN. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /** What {@link #issueClient} made. */
    public record Issued(Path cert, Path key, Path caCert, boolean caMade, Instant notAfter) {
    }

    private CertificateAuthority() {
    }

    /** Why {@code name} cannot name a client, or null when it can. */
    public static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            return "a client name is 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit";
        }
        if (name.equals("ca")) {
            return "'ca' is the CA's own file name";
        }
        return null;
    }

    /**
     * Makes {@code dir/ca.crt} and {@code dir/ca.key} if missing (a CA: basic constraints CA, key usage certSign),
     * then {@code dir/NAME.crt} and {@code dir/NAME.key}: a client certificate with CN=NAME and extended key usage
     * clientAuth, valid {@code days} days from now. Refuses to overwrite an existing NAME.
     */
    public static Issued issueClient(Path dir, String name, int days, Clock clock) throws IOException {
        String bad = checkName(name);
        if (bad != null) {
            throw new IllegalArgumentException(bad);
        }
        if (days < 1 || days > MAX_CLIENT_DAYS) {
            throw new IllegalArgumentException("--days must be 1 to " + MAX_CLIENT_DAYS + ", not " + days);
        }
        Path cert = dir.resolve(name + ".crt");
        Path key = dir.resolve(name + ".key");
        if (Files.exists(cert) || Files.exists(key)) {
            throw new FileAlreadyExistsException(cert + " or " + key + " exists already: choose another name, or "
                    + "remove both files first");
        }
        Files.createDirectories(dir);
        Path caCert = dir.resolve(CA_CERT);
        Path caKeyFile = dir.resolve(CA_KEY);
        boolean caMade = false;
        if (!Files.exists(caCert) && !Files.exists(caKeyFile)) {
            makeCa(dir, clock);
            caMade = true;
        } else if (!Files.exists(caCert) || !Files.exists(caKeyFile)) {
            throw new IOException(dir + " holds only one of " + CA_CERT + " and " + CA_KEY + ": both are needed to "
                    + "sign, and a new CA would not be trusted by the servers that trust the old one");
        }
        X509Certificate ca = CertificateStore.readCertificates(caCert).get(0);
        PrivateKey caKey = CertificateStore.readPrivateKey(caKeyFile);
        Instant now = clock.instant();
        Instant notAfter = now.plus(Duration.ofDays(days));
        try {
            KeyPair pair = newKeyPair();
            X509Certificate client = signClient(name, pair, ca, caKey, now.minus(CLOCK_SKEW), notAfter);
            writeNew(key, CertificateStore.toPem(new JcaPKCS8Generator(pair.getPrivate(), null)), true);
            writeNew(cert, CertificateStore.toPem(client), false);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("cannot make the client certificate: " + e.getMessage(), e);
        }
        return new Issued(cert, key, caCert, caMade, notAfter);
    }

    private static void makeCa(Path dir, Clock clock) throws IOException {
        try {
            KeyPair pair = newKeyPair();
            Instant now = clock.instant();
            // A name of its own: two CAs made apart must not look alike in a log line or a trust store.
            String id = HexFormat.of().formatHex(randomBytes(4));
            X500Name name = new X500NameBuilder(BCStyle.INSTANCE)
                    .addRDN(BCStyle.CN, "Courier transfer client CA " + id).addRDN(BCStyle.O, "Courier").build();
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(),
                    Date.from(now.minus(CLOCK_SKEW)), Date.from(now.plus(CA_VALIDITY)), name, pair.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()));
            X509Certificate ca = convert(b.build(signer(pair.getPrivate())));
            writeNew(dir.resolve(CA_KEY), CertificateStore.toPem(new JcaPKCS8Generator(pair.getPrivate(), null)), true);
            writeNew(dir.resolve(CA_CERT), CertificateStore.toPem(ca), false);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("cannot make the CA: " + e.getMessage(), e);
        }
    }

    /**
     * A client certificate for {@code pair}, CN={@code name}, signed by {@code ca}, valid from {@code notBefore} to
     * {@code notAfter} (tests make expired ones with a {@code notAfter} in the past).
     */
    public static X509Certificate signClient(String name, KeyPair pair, X509Certificate ca, PrivateKey caKey,
                                             Instant notBefore, Instant notAfter)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, name).build();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(ca, serial(), Date.from(notBefore),
                Date.from(notAfter), new javax.security.auth.x500.X500Principal(subject.getEncoded()),
                pair.getPublic());
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
        b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca));
        return convert(b.build(signer(caKey)));
    }

    /** A fresh ECDSA P-256 key pair. */
    public static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
        return gen.generateKeyPair();
    }

    private static org.bouncycastle.operator.ContentSigner signer(PrivateKey key) throws OperatorCreationException {
        String alg = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
        return new JcaContentSignerBuilder(alg).build(key);
    }

    private static X509Certificate convert(X509CertificateHolder h) throws GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(h);
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }

    private static BigInteger serial() {
        return new BigInteger(64, new SecureRandom()).add(BigInteger.ONE);
    }

    /** Writes a file that must not exist yet; a key is made mode 0600 before a byte of it is written. */
    private static void writeNew(Path file, String text, boolean secret) throws IOException {
        Files.createFile(file);
        if (secret) {
            CertificateStore.setOwnerOnly(file);
        }
        Files.writeString(file, text, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
    }
}
