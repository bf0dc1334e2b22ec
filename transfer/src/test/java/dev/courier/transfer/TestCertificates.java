package dev.courier.transfer;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates for mutual-TLS tests, made here with BouncyCastle, independently of the code under test: a CA, and
 * client certificates it signs with any validity (an expired one: notAfter in the past), written as PEM files.
 */
public final class TestCertificates {
    /** A CA in {@code dir}: {@code ca.crt} and {@code ca.key}. */
    public record Ca(Path cert, X509Certificate certificate, PrivateKey key) {
    }

    /** A client's PEM files. */
    public record Client(Path cert, Path key) {
    }

    private TestCertificates() {
    }

    /** A fresh CA named {@code cn}, its files in {@code dir}. */
    public static Ca ca(Path dir, String cn) throws Exception {
        Files.createDirectories(dir);
        KeyPair pair = keyPair();
        X500Name name = new X500Name("CN=" + cn);
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(),
                Date.from(now.minusSeconds(3600)), Date.from(now.plusSeconds(86400L * 365)), name, pair.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign));
        X509Certificate cert = new JcaX509CertificateConverter()
                .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
        Path file = dir.resolve("ca.crt");
        Files.writeString(file, pem(cert));
        Files.writeString(dir.resolve("ca.key"), pem(new JcaPKCS8Generator(pair.getPrivate(), null)));
        return new Ca(file, cert, pair.getPrivate());
    }

    /** A client certificate CN={@code cn} signed by {@code ca}, valid from {@code from} to {@code until}. */
    public static Client client(Ca ca, Path dir, String cn, Instant from, Instant until) throws Exception {
        KeyPair pair = keyPair();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name(
                ca.certificate().getSubjectX500Principal().getName()), serial(), Date.from(from), Date.from(until),
                new X500Name("CN=" + cn), pair.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
        X509Certificate cert = new JcaX509CertificateConverter()
                .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(ca.key())));
        Path certFile = dir.resolve(cn + ".crt");
        Path keyFile = dir.resolve(cn + ".key");
        Files.writeString(certFile, pem(cert));
        Files.writeString(keyFile, pem(new JcaPKCS8Generator(pair.getPrivate(), null)));
        return new Client(certFile, keyFile);
    }

    /** A client certificate valid from an hour ago for a day. */
    public static Client client(Ca ca, Path dir, String cn) throws Exception {
        Instant now = Instant.now();
        return client(ca, dir, cn, now.minusSeconds(3600), now.plusSeconds(86400));
    }

    private static KeyPair keyPair() throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
        return gen.generateKeyPair();
    }

    private static BigInteger serial() {
        return new BigInteger(63, new SecureRandom()).add(BigInteger.ONE);
    }

    private static String pem(Object o) throws IOException {
        StringWriter sw = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
            w.writeObject(o);
        }
        return sw.toString();
    }
}
