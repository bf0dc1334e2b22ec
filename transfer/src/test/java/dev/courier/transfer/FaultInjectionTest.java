package dev.courier.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.courier.transfer.FaultProxy.Action;
import dev.courier.transfer.client.SendResult;
import dev.courier.transfer.client.TransferClient;
import dev.courier.transfer.client.TransferClientConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Damaged and cut connections: the receiver holds exactly what was sent, or nothing. */
class FaultInjectionTest {
    private static final int SIZE = 3 * 1024 * 1024 + 123;

    @RegisterExtension
    final TransferServerExtension ext = TransferServerExtension.plain(c -> c.withLimits(
            c.limits().withMaxTextBytes(64 * 1024)));

    private byte[] content;
    private Path file;

    private TransferClient through(FaultProxy proxy) throws Exception {
        content = TestBytes.random(SIZE, 42);
        file = Files.write(ext.outbox().resolve("payload.bin"), content);
        return TransferClient.connect(TransferClientConfig.plain("localhost", proxy.port()));
    }

    private void assertDelivered() throws Exception {
        TransferMessage.File m = (TransferMessage.File) ext.server().poll(Duration.ofSeconds(10)).orElseThrow();
        assertThat(Files.readAllBytes(m.path())).isEqualTo(content);
        assertThat(TestBytes.names(ext.inbox())).containsExactly("payload.bin");
    }

    private void assertNothingLeft() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> ext.server().openConnections() == 0);
        await().atMost(Duration.ofSeconds(10)).until(() -> TestBytes.names(ext.inbox()).isEmpty());
        assertThat(ext.server().poll(Duration.ofMillis(100))).isEmpty();
    }

    @Test
    void aFlippedChunkBitIsResentAfterNack1() throws Exception {
        try (FaultProxy proxy = new FaultProxy(ext.port(), FaultProxy.once(f -> f.offset() > 100_000,
                Action.FLIP_CHUNK)); TransferClient c = through(proxy)) {
            SendResult r = c.sendFile(file);
            assertThat(proxy.faults()).isEqualTo(1);
            assertThat(r.nack1()).isEqualTo(1);
            assertThat(r.nack2()).isZero();
        }
        assertDelivered();
    }

    @Test
    void aFlippedFirstFrameIsResentWholeAfterNack1() throws Exception {
        try (FaultProxy proxy = new FaultProxy(ext.port(), FaultProxy.once(FaultProxy.Frame::first,
                Action.FLIP_CHUNK)); TransferClient c = through(proxy)) {
            assertThat(c.sendFile(file).nack1()).isEqualTo(1);
        }
        assertDelivered();
    }

    @Test
    void aChunkDamagedWithAMatchingCrcIsCaughtBySha256AndTheMessageRestarted() throws Exception {
        try (FaultProxy proxy = new FaultProxy(ext.port(), FaultProxy.once(f -> f.offset() > 1_000_000,
                Action.FLIP_CONSISTENT)); TransferClient c = through(proxy)) {
            SendResult r = c.sendFile(file);
            assertThat(proxy.faults()).isEqualTo(1);
            assertThat(r.nack1()).isZero();
            assertThat(r.nack2()).isEqualTo(1);
        }
        assertThat(ext.server().stats().nack2.sum()).isEqualTo(1);
        assertDelivered();
    }

    @Test
    void theSenderHookCanDamageConsistentlyToo() throws Exception {
        // The hook runs once while hashing and again while sending; damaging only its second look at a range
        // makes the bytes sent differ from the bytes hashed, with CRC-32s that match what is sent.
        byte[] data = TestBytes.random(50_000, 5);
        Path f = Files.write(ext.outbox().resolve("hooked.bin"), data);
        java.util.concurrent.atomic.AtomicInteger looks = new java.util.concurrent.atomic.AtomicInteger();
        ByteTransform damageOnce = (offset, bytes) -> {
            if (offset <= 20_000 && offset + bytes.remaining() > 20_000 && looks.incrementAndGet() == 2) {
                int at = bytes.position() + (int) (20_000 - offset);
                bytes.put(at, (byte) (bytes.get(at) ^ 1));
            }
        };
        try (TransferClient c = TransferClient.connect(ext.clientConfig().withTransform(damageOnce))) {
            SendResult r = c.sendFile(f);
            assertThat(r.nack2()).isEqualTo(1);
            assertThat(r.nack1()).isZero();
        }
        TransferMessage.File m = (TransferMessage.File) ext.server().poll(Duration.ofSeconds(10)).orElseThrow();
        assertThat(Files.readAllBytes(m.path())).isEqualTo(data);
    }

    @Test
    void damageBeyondTheNackLimitFailsCleanlyWithNothingDelivered() throws Exception {
        try (FaultProxy proxy = new FaultProxy(ext.port(), f -> f.offset() > 0 ? Action.FLIP_CHUNK : Action.PASS);
             TransferClient c = through(proxy)) {
            assertThatThrownBy(() -> c.sendFile(file)).isInstanceOfSatisfying(TransferException.class, e -> {
                assertThat(e.reason()).isEqualTo(TransferException.Reason.REFUSED);
                assertThat(e.getMessage()).contains("too many NACKs");
            });
            assertThat(proxy.faults()).isEqualTo(11);
            assertThat(c.isOpen()).isFalse();
        }
        assertNothingLeft();
    }

    @Test
    void repeatedSha256FailuresHitTheLimitToo() throws Exception {
        try (FaultProxy proxy = new FaultProxy(ext.port(),
                f -> f.offset() > 1_000_000 && f.offset() < 1_100_000 ? Action.FLIP_CONSISTENT : Action.PASS);
             TransferClient c = through(proxy)) {
            assertThatThrownBy(() -> c.sendFile(file)).hasMessageContaining("too many NACKs");
        }
        assertThat(ext.server().stats().nack2.sum()).isEqualTo(10);
        assertNothingLeft();
    }

    @Test
    void aConnectionCutMidFileLeavesNothingInTheDirectory() throws Exception {
        try (FaultProxy proxy = new FaultProxy(ext.port(), FaultProxy.once(f -> f.offset() > 2_000_000, Action.CUT));
             TransferClient c = through(proxy)) {
            assertThatThrownBy(() -> c.sendFile(file)).isInstanceOfSatisfying(TransferException.class,
                    e -> assertThat(e.reason()).isIn(TransferException.Reason.CLOSED, TransferException.Reason.IO));
            assertThat(proxy.faults()).isEqualTo(1);
        }
        assertNothingLeft();
    }

    @Test
    void aCutAfterTheFirstFrameLeavesNothingEither() throws Exception {
        try (FaultProxy proxy = new FaultProxy(ext.port(), FaultProxy.once(f -> !f.first(), Action.CUT));
             TransferClient c = through(proxy)) {
            assertThatThrownBy(() -> c.sendFile(file)).isInstanceOf(TransferException.class);
        }
        assertNothingLeft();
    }
}
