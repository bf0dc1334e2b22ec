package dev.courier.core.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The small CA of {@code courier transfer cert issue}: what it writes, with which extensions, and what it refuses. */
class CertificateAuthorityTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void makesTheCaOnceAndClientCertificatesItSigns() throws Exception {
        CertificateAuthority.Issued alice = CertificateAuthority.issueClient(dir, "alice", 30, CLOCK);
        assertThat(alice.caMade()).isTrue();
        assertThat(alice.cert()).isEqualTo(dir.resolve("alice.crt"));
        assertThat(alice.key()).isEqualTo(dir.resolve("alice.key"));
        assertThat(alice.notAfter()).isEqualTo(NOW.plus(Duration.ofDays(30)));
        byte[] caBefore = Files.readAllBytes(dir.resolve("ca.crt"));

        CertificateAuthority.Issued bob = CertificateAuthority.issueClient(dir, "bob", 1, CLOCK);
        assertThat(bob.caMade()).isFalse();
        assertThat(Files.readAllBytes(dir.resolve("ca.crt"))).isEqualTo(caBefore);

        X509Certificate ca = CertificateStore.readCertificates(dir.resolve("ca.crt")).get(0);
        assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(ca.getSubjectX500Principal().getName()).matches("O=Courier,CN=Courier transfer client CA [0-9a-f]{8}");
        // Another CA made apart does not look alike.
        CertificateAuthority.issueClient(dir.resolve("other"), "carol", 1, CLOCK);
        assertThat(CertificateStore.readCertificates(dir.resolve("other/ca.crt")).get(0).getSubjectX500Principal())
                .isNotEqualTo(ca.getSubjectX500Principal());
        assertThat(ca.getKeyUsage()[5]).as("keyCertSign").isTrue();
        for (String name : new String[] {"alice", "bob"}) {
            X509Certificate c = CertificateStore.readCertificates(dir.resolve(name + ".crt")).get(0);
            assertThat(c.getSubjectX500Principal().getName()).isEqualTo("CN=" + name);
            assertThat(c.getIssuerX500Principal()).isEqualTo(ca.getSubjectX500Principal());
            assertThat(c.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
            assertThat(c.getBasicConstraints()).isEqualTo(-1);
            c.verify(ca.getPublicKey());
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(name + ".key"))))
                    .isEqualTo("rw-------");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("ca.key"))))
                .isEqualTo("rw-------");
        // The key matches its certificate: it loads as a pair.
        assertThat(CertificateStore.load(alice.cert(), alice.key()).chain()).hasSize(1);
    }

    @Test
    void neverOverwritesAName() throws Exception {
        CertificateAuthority.issueClient(dir, "alice", 30, CLOCK);
        byte[] before = Files.readAllBytes(dir.resolve("alice.key"));
        assertThatThrownBy(() -> CertificateAuthority.issueClient(dir, "alice", 30, CLOCK))
                .isInstanceOf(FileAlreadyExistsException.class).hasMessageContaining("exists already");
        assertThat(Files.readAllBytes(dir.resolve("alice.key"))).isEqualTo(before);
    }

    @Test
    void refusesNamesThatAreNotPlainFileNamesAndAHalfCa() throws Exception {
        for (String bad : new String[] {"", "../x", "a/b", ".hidden", "ca", "x".repeat(65), "caf\u00e9"}) {
            assertThat(CertificateAuthority.checkName(bad)).as(bad).isNotNull();
        }
        assertThat(CertificateAuthority.checkName("laptop-2.example_1")).isNull();
        Files.writeString(dir.resolve("ca.crt"), "x");
        assertThatThrownBy(() -> CertificateAuthority.issueClient(dir, "alice", 30, CLOCK))
                .hasMessageContaining("holds only one of ca.crt and ca.key");
        assertThat(dir.resolve("alice.crt")).doesNotExist();
    }
}
