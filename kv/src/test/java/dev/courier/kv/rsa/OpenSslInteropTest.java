package dev.courier.kv.rsa;

import static dev.courier.kv.rsa.RsaTestSupport.inbound;
import static dev.courier.kv.rsa.RsaTestSupport.outbound;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Courier's RSA edition against blocks, keys and PEM made by OpenSSL's command line (see resources/rsa/README). */
class OpenSslInteropTest {
    private static final KeyPair SERVER = RsaTestSupport.keys("server-512.key.pem");
    private static final KeyPair CLIENT = RsaTestSupport.keys("client-1024.key.pem");
    static final String LONG = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
            + "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqr";
    /** What the server's decoder must get from client-session.bin: the short LF-free pieces end their messages. */
    static final String CLIENT_MESSAGES = "CONNECT alice\nPUT greeting\nhello, world\nGET greeting\nPUT long\n"
            + LONG + "\nGET long\nDELETE greeting\nGET greeting\nDISCONNECT\n";

    private static EmbeddedChannel side(RsaFrontHandler.Side side, KeyPair keys) {
        return new EmbeddedChannel(new RsaFrontHandler(side, keys, RsaFrontHandler.DEFAULT_MAX_PEM_BYTES, null,
                () -> { }));
    }

    @Test
    void readsOpenSslsPemBlocksAndWritesTheSameBytes() {
        for (String name : new String[] {"server-512", "client-1024"}) {
            String pem = RsaTestSupport.text(name + ".pub.pem");
            RSAPublicKey fromPem = RsaKeys.parsePem(pem);
            RSAPublicKey fromPrivate = (RSAPublicKey) RsaTestSupport.keys(name + ".key.pem").getPublic();
            assertThat(fromPem.getModulus()).isEqualTo(fromPrivate.getModulus());
            assertThat(fromPem.getPublicExponent()).isEqualTo(fromPrivate.getPublicExponent());
            assertThat(RsaKeys.toPem(fromPrivate)).as(name).isEqualTo(pem);
        }
        assertThat(RsaKeys.blockBytes((RSAPublicKey) SERVER.getPublic())).isEqualTo(64);
        assertThat(RsaKeys.blockBytes((RSAPublicKey) CLIENT.getPublic())).isEqualTo(128);
    }

    @Test
    void theJdkAloneReadsOpenSslsBlocks() {
        assertThat(RsaTestSupport.decryptAll(RsaTestSupport.bytes("client-session.bin"), SERVER))
                .isEqualTo(RsaTestSupport.text("client-session.txt"));
        assertThat(RsaTestSupport.decryptAll(RsaTestSupport.bytes("server-session.bin"), CLIENT))
                .isEqualTo(RsaTestSupport.text("server-session.txt"));
    }

    @Test
    void serverSideDecryptsOpenSslsClientSessionIntoMessages() {
        EmbeddedChannel ch = side(RsaFrontHandler.Side.SERVER, SERVER);
        ch.writeInbound(Unpooled.copiedBuffer(RsaTestSupport.bytes("client-1024.pub.pem")));
        assertThat(new String(outbound(ch), StandardCharsets.US_ASCII))
                .isEqualTo(RsaTestSupport.text("server-512.pub.pem"));
        byte[] blocks = RsaTestSupport.bytes("client-session.bin");
        StringBuilder text = new StringBuilder();
        // Fed in reads of 50 bytes, so blocks straddle reads.
        for (int i = 0; i < blocks.length; i += 50) {
            ch.writeInbound(Unpooled.copiedBuffer(blocks, i, Math.min(50, blocks.length - i)));
            text.append(inbound(ch));
        }
        assertThat(text).hasToString(CLIENT_MESSAGES);
    }

    @Test
    void clientSideDecryptsOpenSslsServerAnswersIntoMessages() {
        EmbeddedChannel ch = side(RsaFrontHandler.Side.CLIENT, CLIENT);
        assertThat(new String(outbound(ch), StandardCharsets.US_ASCII))
                .isEqualTo(RsaTestSupport.text("client-1024.pub.pem"));
        ByteBuf in = Unpooled.buffer();
        in.writeBytes(RsaTestSupport.bytes("server-512.pub.pem")).writeBytes(RsaTestSupport.bytes("server-session.bin"));
        ch.writeInbound(in);
        String value200 = (LONG + LONG).substring(0, 200);
        assertThat(inbound(ch)).isEqualTo("CONNECT: OK\nPUT: OK\n" + value200 + "\nGET: ERROR\n");
    }

    @Test
    void openSslDecryptsBlocksCourierEncrypts() throws Exception {
        Assumptions.assumeTrue(RsaTestSupport.opensslAvailable(), "openssl is not on the PATH");
        String answers = "CONNECT: OK\nPUT: OK\n" + LONG + "\nGET: ERROR\nDISCONNECT: OK\n";
        // The server side, writing for the client's 1024-bit key...
        EmbeddedChannel server = side(RsaFrontHandler.Side.SERVER, SERVER);
        server.writeInbound(Unpooled.copiedBuffer(RsaTestSupport.bytes("client-1024.pub.pem")));
        outbound(server);
        server.writeOutbound(Unpooled.copiedBuffer(answers, StandardCharsets.US_ASCII));
        byte[] toClient = outbound(server);
        assertThat(toClient.length % 128).isZero();
        assertThat(RsaTestSupport.opensslDecryptAll(toClient, 128, RsaTestSupport.fixture("client-1024.key.pem")))
                .isEqualTo(answers);
        // ...and the client side, writing for the server's 512-bit key.
        EmbeddedChannel client = side(RsaFrontHandler.Side.CLIENT, CLIENT);
        outbound(client);
        client.writeOutbound(Unpooled.copiedBuffer(CLIENT_MESSAGES, StandardCharsets.US_ASCII));
        client.writeInbound(Unpooled.copiedBuffer(RsaTestSupport.bytes("server-512.pub.pem")));
        byte[] toServer = outbound(client);
        assertThat(toServer.length % 64).isZero();
        assertThat(RsaTestSupport.opensslDecryptAll(toServer, 64, RsaTestSupport.fixture("server-512.key.pem")))
                .isEqualTo(CLIENT_MESSAGES);
    }
}
