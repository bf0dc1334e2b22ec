package dev.courier.kv.rsa;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;

/** Keys made once per test run, the OpenSSL fixtures, and OpenSSL's command line when it is there. */
final class RsaTestSupport {
    /** A 512-bit server key, made once (generation is the slow part of a test). */
    static final KeyPair SERVER_KEYS = RsaKeys.generate(512);
    /** A 512-bit client key, made once. */
    static final KeyPair CLIENT_KEYS = RsaKeys.generate(512);

    private static Boolean openssl;

    private RsaTestSupport() {
    }

    /** A fixture file of {@code src/test/resources/rsa}. */
    static Path fixture(String name) {
        try {
            return Path.of(RsaTestSupport.class.getResource("/rsa/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing fixture " + name, e);
        }
    }

    static byte[] bytes(String name) {
        try {
            return Files.readAllBytes(fixture(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String name) {
        return new String(bytes(name), StandardCharsets.ISO_8859_1);
    }

    static KeyPair keys(String name) {
        try {
            return RsaKeys.load(fixture(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One PKCS#1 v1.5 block of {@code piece} under {@code key}, by the JDK. */
    static byte[] block(RSAPublicKey key, String piece) {
        try {
            Cipher c = Cipher.getInstance("RSA/ECB/PKCS1Padding");
            c.init(Cipher.ENCRYPT_MODE, key);
            return c.doFinal(piece.getBytes(StandardCharsets.ISO_8859_1));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Blocks of every piece, back to back. */
    static byte[] blocks(RSAPublicKey key, String... pieces) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String p : pieces) {
            out.writeBytes(block(key, p));
        }
        return out.toByteArray();
    }

    /** Concatenated texts of back-to-back blocks under {@code keys}, decrypted by the JDK alone (no rule applied). */
    static String decryptAll(byte[] blocks, KeyPair keys) {
        int k = RsaKeys.blockBytes((RSAPublicKey) keys.getPublic());
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < blocks.length; i += k) {
            byte[] b = java.util.Arrays.copyOfRange(blocks, i, i + k);
            sb.append(new String(SpecPeer.decrypt(b, keys.getPrivate()), StandardCharsets.ISO_8859_1));
        }
        return sb.toString();
    }

    /** Every plaintext buffer an EmbeddedChannel passed inward, concatenated (and released). */
    static String inbound(EmbeddedChannel ch) {
        StringBuilder sb = new StringBuilder();
        ByteBuf b;
        while ((b = ch.readInbound()) != null) {
            sb.append(b.toString(StandardCharsets.ISO_8859_1));
            b.release();
        }
        return sb.toString();
    }

    /** Every buffer an EmbeddedChannel wrote outward, concatenated (and released). */
    static byte[] outbound(EmbeddedChannel ch) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuf b;
        while ((b = ch.readOutbound()) != null) {
            out.writeBytes(ByteBufUtil.getBytes(b));
            b.release();
        }
        return out.toByteArray();
    }

    /** Whether {@code openssl} runs here. */
    static synchronized boolean opensslAvailable() {
        if (openssl == null) {
            try {
                Process p = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                openssl = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
            } catch (IOException e) {
                openssl = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                openssl = false;
            }
        }
        return openssl;
    }

    /** Decrypts back-to-back blocks with {@code openssl pkeyutl -decrypt}, one call per block. */
    static String opensslDecryptAll(byte[] blocks, int k, Path privateKey) throws IOException, InterruptedException {
        StringBuilder sb = new StringBuilder();
        Path tmp = Files.createTempFile("courier-rsa-block", ".bin");
        try {
            for (int i = 0; i < blocks.length; i += k) {
                Files.write(tmp, java.util.Arrays.copyOfRange(blocks, i, i + k));
                Process p = new ProcessBuilder("openssl", "pkeyutl", "-decrypt", "-inkey", privateKey.toString(),
                        "-pkeyopt", "rsa_padding_mode:pkcs1", "-in", tmp.toString())
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
                byte[] out = p.getInputStream().readAllBytes();
                if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    throw new IOException("openssl pkeyutl -decrypt failed on block " + i / k);
                }
                sb.append(new String(out, StandardCharsets.ISO_8859_1));
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        return sb.toString();
    }
}
