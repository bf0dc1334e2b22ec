package dev.courier.kv.rsa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import org.bouncycastle.asn1.ASN1Encoding;
import org.junit.jupiter.api.Test;

class RsaKeysTest {
    private static final RSAPublicKey KEY = (RSAPublicKey) RsaTestSupport.SERVER_KEYS.getPublic();

    private static String pemOf(byte[] der) {
        return RsaKeys.BEGIN + "\n" + Base64.getEncoder().encodeToString(der) + "\n" + RsaKeys.END + "\n";
    }

    private static String pemOf(BigInteger n, BigInteger e) throws Exception {
        return pemOf(new org.bouncycastle.asn1.pkcs.RSAPublicKey(n, e).getEncoded(ASN1Encoding.DER));
    }

    @Test
    void sizesAreTheEditionsOnly() {
        assertThat(RsaKeys.checkBits(512)).isEqualTo(512);
        assertThat(RsaKeys.checkBits(1024)).isEqualTo(1024);
        assertThat(RsaKeys.checkBits(4096)).isEqualTo(4096);
        for (int bad : new int[] {0, 256, 511, 513, 768, 1023, 4097, 8192}) {
            assertThatThrownBy(() -> RsaKeys.checkBits(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("1024 to 4096");
        }
    }

    @Test
    void generatesKeysOfTheAskedSize() {
        KeyPair kp = RsaKeys.generate(1024);
        RSAPublicKey pub = (RSAPublicKey) kp.getPublic();
        assertThat(pub.getModulus().bitLength()).isEqualTo(1024);
        assertThat(pub.getPublicExponent()).isEqualTo(BigInteger.valueOf(65537));
        assertThat(RsaKeys.blockBytes(pub)).isEqualTo(128);
        assertThat(RsaKeys.pieceBytes(pub)).isEqualTo(117);
        assertThat(RsaKeys.pieceBytes(KEY)).isEqualTo(53);
    }

    @Test
    void pemRoundTripsInPythonRsasLayout() {
        String pem = RsaKeys.toPem(KEY);
        assertThat(pem).startsWith(RsaKeys.BEGIN + "\n").endsWith("\n" + RsaKeys.END + "\n");
        String[] lines = pem.split("\n");
        for (int i = 1; i < lines.length - 2; i++) {
            assertThat(lines[i]).hasSize(64);
        }
        assertThat(RsaKeys.parsePem(pem)).isEqualTo(KEY);
        assertThat(RsaKeys.parsePem(pem.replace("\n", "\r\n"))).isEqualTo(KEY);
        // The independent peer's hand-made encoder writes the same bytes.
        assertThat(SpecPeer.pem(KEY)).isEqualTo(pem);
    }

    @Test
    void refusesWhatIsNotOnePkcs1PublicKey() throws Exception {
        String good = RsaKeys.toPem(KEY);
        String body = good.substring(RsaKeys.BEGIN.length() + 1, good.indexOf(RsaKeys.END));
        assertThatThrownBy(() -> RsaKeys.parsePem(good.replace("RSA PUBLIC KEY", "PUBLIC KEY")))
                .isInstanceOf(RsaProtocolException.class);
        assertThatThrownBy(() -> RsaKeys.parsePem(RsaKeys.BEGIN + "\n" + RsaKeys.END + "\n"))
                .isInstanceOf(RsaProtocolException.class);
        assertThatThrownBy(() -> RsaKeys.parsePem(RsaKeys.BEGIN + "\nnot*base64\n" + RsaKeys.END + "\n"))
                .isInstanceOf(RsaProtocolException.class).hasMessageContaining("base64");
        assertThatThrownBy(() -> RsaKeys.parsePem(RsaKeys.BEGIN + "\n" + body.replace("\n", " \n") + RsaKeys.END))
                .isInstanceOf(RsaProtocolException.class);
        assertThatThrownBy(() -> RsaKeys.parsePem(pemOf(new byte[] {0x02, 0x01, 0x05})))
                .isInstanceOf(RsaProtocolException.class).hasMessageContaining("RSAPublicKey");
        byte[] der = new org.bouncycastle.asn1.pkcs.RSAPublicKey(KEY.getModulus(), KEY.getPublicExponent())
                .getEncoded(ASN1Encoding.DER);
        byte[] trailing = java.util.Arrays.copyOf(der, der.length + 2);
        assertThatThrownBy(() -> RsaKeys.parsePem(pemOf(trailing))).isInstanceOf(RsaProtocolException.class);
    }

    @Test
    void refusesKeysOutsideTheEditionsSizesAndCheapExponents() throws Exception {
        BigInteger e = BigInteger.valueOf(65537);
        BigInteger small = BigInteger.ONE.shiftLeft(255).add(BigInteger.ONE);
        BigInteger huge = BigInteger.ONE.shiftLeft(4096).add(BigInteger.ONE);
        assertThatThrownBy(() -> RsaKeys.parsePem(pemOf(small, e))).hasMessageContaining("256 bits");
        assertThatThrownBy(() -> RsaKeys.parsePem(pemOf(huge, e))).hasMessageContaining("4097 bits");
        BigInteger n = KEY.getModulus();
        for (BigInteger badE : new BigInteger[] {BigInteger.ONE, BigInteger.valueOf(65536),
            BigInteger.ONE.shiftLeft(40).add(BigInteger.ONE)}) {
            assertThatThrownBy(() -> RsaKeys.parsePem(pemOf(n, badE))).hasMessageContaining("exponent");
        }
        assertThat(RsaKeys.parsePem(pemOf(n, BigInteger.valueOf(3))).getPublicExponent()).isEqualTo(3);
    }
}
