package dev.courier.kv.rsa;

import static dev.courier.kv.rsa.RsaTestSupport.inbound;
import static dev.courier.kv.rsa.RsaTestSupport.outbound;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

class RsaFrontHandlerTest {
    private static final KeyPair SERVER = RsaTestSupport.SERVER_KEYS;
    private static final KeyPair CLIENT = RsaTestSupport.CLIENT_KEYS;
    private static final RSAPublicKey SERVER_PUB = (RSAPublicKey) SERVER.getPublic();
    private static final byte[] SERVER_PEM = RsaKeys.pemBytes(SERVER_PUB);
    private static final byte[] CLIENT_PEM = RsaKeys.pemBytes((RSAPublicKey) CLIENT.getPublic());

    private final LongAdder violations = new LongAdder();

    private EmbeddedChannel server() {
        return new EmbeddedChannel(new RsaFrontHandler(RsaFrontHandler.Side.SERVER, SERVER,
                RsaFrontHandler.DEFAULT_MAX_PEM_BYTES, null, violations::increment));
    }

    private EmbeddedChannel exchangedServer() {
        EmbeddedChannel ch = server();
        ch.writeInbound(Unpooled.copiedBuffer(CLIENT_PEM));
        assertThat(outbound(ch)).isEqualTo(SERVER_PEM);
        return ch;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static final String V53 = "v".repeat(53);
    private static final byte[] SESSION = concat(CLIENT_PEM, RsaTestSupport.blocks(SERVER_PUB,
            "CONNECT alice", "PUT k\n", V53, "\n", "GET k\n", "DISCONNECT\n"));
    private static final String SESSION_TEXT = "CONNECT alice\nPUT k\n" + V53 + "\nGET k\nDISCONNECT\n";

    @Test
    void serverAnswersTheKeyAndDecryptsWhateverTheSplit() {
        for (int split = 0; split <= SESSION.length; split++) {
            EmbeddedChannel ch = server();
            ch.writeInbound(Unpooled.copiedBuffer(SESSION, 0, split));
            byte[] early = outbound(ch);
            assertThat(early).as("split %d", split).isEqualTo(split < CLIENT_PEM.length ? new byte[0] : SERVER_PEM);
            String text = inbound(ch);
            ch.writeInbound(Unpooled.copiedBuffer(SESSION, split, SESSION.length - split));
            assertThat(concat(early, outbound(ch))).as("split %d", split).isEqualTo(SERVER_PEM);
            assertThat(text + inbound(ch)).as("split %d", split).isEqualTo(SESSION_TEXT);
            assertThat(ch.finish()).isFalse();
        }
        assertThat(violations.sum()).isZero();
    }

    @Test
    void serverDecryptsAStreamFedByteByByte() {
        EmbeddedChannel ch = server();
        StringBuilder text = new StringBuilder();
        for (byte b : SESSION) {
            ch.writeInbound(Unpooled.copiedBuffer(new byte[] {b}));
            text.append(inbound(ch));
        }
        assertThat(text).hasToString(SESSION_TEXT);
        assertThat(outbound(ch)).isEqualTo(SERVER_PEM);
    }

    @Test
    void serverSendsEachMessageAsTextPlusLfPieces() {
        EmbeddedChannel ch = exchangedServer();
        ch.writeOutbound(Unpooled.copiedBuffer("CONNECT: OK\n" + "w".repeat(60) + "\n", StandardCharsets.US_ASCII));
        byte[] blocks = outbound(ch);
        assertThat(blocks).hasSize(3 * 64);
        assertThat(RsaTestSupport.decryptAll(blocks, CLIENT)).isEqualTo("CONNECT: OK\n" + "w".repeat(60) + "\n");
        assertThat(SpecPeer.decrypt(java.util.Arrays.copyOfRange(blocks, 128, 192), CLIENT.getPrivate()))
                .asString(StandardCharsets.US_ASCII).isEqualTo("w".repeat(7) + "\n");
    }

    @Test
    void clientSendsItsKeyFirstAndQueuesWritesUntilTheServersKey() {
        EmbeddedChannel ch = new EmbeddedChannel(new RsaFrontHandler(RsaFrontHandler.Side.CLIENT, CLIENT,
                RsaFrontHandler.DEFAULT_MAX_PEM_BYTES, null, () -> { }));
        assertThat(outbound(ch)).isEqualTo(CLIENT_PEM);
        ChannelFuture connect = ch.writeAndFlush(Unpooled.copiedBuffer("CONNECT alice\n", StandardCharsets.US_ASCII));
        ChannelFuture get = ch.writeAndFlush(Unpooled.copiedBuffer("GET k\n", StandardCharsets.US_ASCII));
        assertThat(outbound(ch)).isEmpty();
        assertThat(connect.isDone()).isFalse();
        // The server's key and its first answer come in one read, as an original-style server sends it.
        ch.writeInbound(Unpooled.copiedBuffer(concat(SERVER_PEM,
                RsaTestSupport.block((RSAPublicKey) CLIENT.getPublic(), "CONNECT: OK"))));
        assertThat(connect.isSuccess()).isTrue();
        assertThat(get.isSuccess()).isTrue();
        assertThat(RsaTestSupport.decryptAll(outbound(ch), SERVER)).isEqualTo("CONNECT alice\nGET k\n");
        assertThat(inbound(ch)).isEqualTo("CONNECT: OK\n");
    }

    @Test
    void queuedWritesFailWhenTheConnectionEndsFirst() {
        EmbeddedChannel ch = new EmbeddedChannel(new RsaFrontHandler(RsaFrontHandler.Side.CLIENT, CLIENT,
                RsaFrontHandler.DEFAULT_MAX_PEM_BYTES, null, () -> { }));
        outbound(ch);
        ByteBuf text = Unpooled.copiedBuffer("CONNECT alice\n", StandardCharsets.US_ASCII);
        ChannelFuture f = ch.writeAndFlush(text);
        ChannelFuture empty = ch.writeAndFlush(Unpooled.EMPTY_BUFFER);
        assertThat(empty.isSuccess()).as("an empty buffer does not wait for the exchange").isTrue();
        ch.close();
        assertThat(f.isDone() && !f.isSuccess()).isTrue();
        assertThat(text.refCnt()).isZero();
    }

    @Test
    void clientGivesUpWhenNoKeyComesInTime() {
        EmbeddedChannel ch = new EmbeddedChannel(new RsaFrontHandler(RsaFrontHandler.Side.CLIENT, CLIENT,
                RsaFrontHandler.DEFAULT_MAX_PEM_BYTES, java.time.Duration.ofMillis(50), () -> { }));
        ch.advanceTimeBy(100, java.util.concurrent.TimeUnit.MILLISECONDS);
        ch.runPendingTasks();
        assertThatThrownBy(ch::checkException).isInstanceOf(RsaProtocolException.class)
                .hasMessageContaining("no RSA public key");
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void malformedOrOversizedKeysDropTheConnectionWithoutAnAnswer() {
        String bad = RsaKeys.BEGIN + "\nnot base64!\n" + RsaKeys.END + "\n";
        String endless = RsaKeys.BEGIN + "\n" + "QUFB\n".repeat(4000);
        String other = "-----BEGIN PUBLIC KEY-----\n";
        for (String input : new String[] {bad, endless, other}) {
            EmbeddedChannel ch = server();
            assertThatThrownBy(() -> ch.writeInbound(Unpooled.copiedBuffer(input, StandardCharsets.US_ASCII)))
                    .isInstanceOf(RsaProtocolException.class);
            assertThat(ch.isOpen()).isFalse();
            assertThat(outbound(ch)).isEmpty();
        }
        assertThat(violations.sum()).isEqualTo(3);
    }

    @Test
    void aBlockThatDoesNotDecryptDropsTheConnection() {
        EmbeddedChannel ch = exchangedServer();
        byte[] garbage = new byte[64];
        java.util.Arrays.fill(garbage, (byte) 0xFF);
        ByteBuf in = Unpooled.copiedBuffer(concat(RsaTestSupport.block(SERVER_PUB, "PUT k\n"), garbage,
                RsaTestSupport.block(SERVER_PUB, "v\n")));
        assertThatThrownBy(() -> ch.writeInbound(in)).isInstanceOf(RsaProtocolException.class);
        assertThat(ch.isOpen()).isFalse();
        assertThat(inbound(ch)).doesNotContain("v\n");
        assertThat(violations.sum()).isEqualTo(1);
    }

    @Test
    void aPartialBlockAtTheEndIsAViolation() {
        EmbeddedChannel whole = exchangedServer();
        whole.writeInbound(Unpooled.copiedBuffer(RsaTestSupport.block(SERVER_PUB, "DISCONNECT\n")));
        whole.close();
        assertThat(violations.sum()).isZero();

        EmbeddedChannel partial = exchangedServer();
        byte[] block = RsaTestSupport.block(SERVER_PUB, "PUT k\n");
        partial.writeInbound(Unpooled.copiedBuffer(concat(block, java.util.Arrays.copyOf(block, 30))));
        assertThat(inbound(partial)).isEqualTo("PUT k\n");
        partial.close();
        assertThat(violations.sum()).isEqualTo(1);
    }

    @Test
    void decryptsABoundedNumberOfBlocksPerTurnAndPausesReadingMeanwhile() {
        EmbeddedChannel ch = exchangedServer();
        String[] pieces = new String[40];
        java.util.Arrays.fill(pieces, "m\n");
        ch.pipeline().fireChannelRead(Unpooled.copiedBuffer(RsaTestSupport.blocks(SERVER_PUB, pieces)));
        int perTurn = RsaFrontHandler.DECRYPT_BLOCKS_PER_TURN_512;
        ByteBuf first = ch.readInbound();
        assertThat(first.toString(StandardCharsets.US_ASCII)).isEqualTo("m\n".repeat(perTurn));
        first.release();
        Object next = ch.readInbound();
        assertThat(next).isNull();
        assertThat(ch.config().isAutoRead()).isFalse();
        // (Not exercised here: a later handler turning reading on meanwhile. EmbeddedChannel runs every
        // pending task whenever reading is turned on, so the backlog would be gone before the check.)
        ch.runPendingTasks();
        assertThat(inbound(ch)).isEqualTo("m\n".repeat(40 - perTurn));
        assertThat(ch.config().isAutoRead()).isTrue();
    }
}
