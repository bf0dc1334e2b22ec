package dev.courier.transfer.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.transfer.TestBytes;
import io.netty.buffer.Unpooled;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store of partial bodies on real files: what a record claims is always on disk, a resumed body hashes to the
 * whole file, a delivered one leaves nothing behind, a changed file starts over, and the window and the limits
 * drop what they must, measured with a clock the test moves.
 */
class PartialStoreTest {
    private static final long SYNC = 64 << 10;

    @TempDir
    Path root;

    private final TestClock clock = new TestClock();
    private final byte[] file = new byte[300_000];

    {
        new Random(16).nextBytes(file);
    }

    private PartialStore open() throws Exception {
        return PartialStore.open(root.resolve("partial"), PartialStore.Settings.defaults().withSyncEveryBytes(SYNC)
                .withMax(2, 3), clock);
    }

    private Path inbox() throws Exception {
        return Files.createDirectories(root.resolve("inbox"));
    }

    private PartialStore.Key key(String sender, String name) {
        return new PartialStore.Key(sender, name, file.length, HexFormat.of().formatHex(sha(file)));
    }

    private static byte[] sha(byte[] b) {
        return Sha256.newDigest().digest(b);
    }

    private static void append(Body body, byte[] b, int from, int to) throws Exception {
        for (int i = from; i < to; i += 10_000) {
            body.append(Unpooled.wrappedBuffer(b, i, Math.min(10_000, to - i)));
        }
    }

    @Test
    void aCutBodyResumesFromItsSyncedLengthAndEndsAsTheWholeFileWithNothingLeft() throws Exception {
        PartialStore store = open();
        PartialStore.Offer first = store.offer(key("ip:a", "f.bin"), inbox());
        assertThat(first.offset()).isZero();
        append(first.body(), file, 0, 123_456);
        // The connection is cut: what arrived is synced and recorded.
        first.body().discard();
        assertThat(store.verified(key("ip:a", "f.bin"))).hasValue(123_456L);

        // The receiver restarts: the record is read again.
        PartialStore again = open();
        PartialStore.Offer resumed = again.offer(key("ip:a", "f.bin"), inbox());
        assertThat(resumed.offset()).isEqualTo(123_456);
        append(resumed.body(), file, 123_456, file.length);
        assertThat(resumed.body().digest()).isEqualTo(sha(file));
        Path tmp = resumed.body().toTempFile();
        assertThat(Files.readAllBytes(tmp)).isEqualTo(file);
        assertThat(again.count()).isZero();
        assertThat(TestBytes.names(again.directory())).isEmpty();
    }

    @Test
    void afterACrashTheRecordNeverClaimsMoreThanWasSyncedAndTheRestIsCutOff() throws Exception {
        PartialStore store = open();
        PartialStore.Offer o = store.offer(key("ip:a", "f.bin"), inbox());
        append(o.body(), file, 0, 100_000);
        // The periodic sync runs beside the writes; it has been started, and a crash may come after it ends.
        ((PartialBody) o.body()).awaitSync();
        // A crash: no discard, so no last sync. Syncs happened every 64 KiB at most: the record says 70 000
        // (the first append past 65 536 bytes), never more than the 100 000 written.
        long recorded = store.verified(key("ip:a", "f.bin")).orElseThrow();
        assertThat(recorded).isEqualTo(70_000);
        PartialStore after = open();
        PartialStore.Offer resumed = after.offer(key("ip:a", "f.bin"), inbox());
        assertThat(resumed.offset()).isEqualTo(70_000);
        try (var ch = java.nio.channels.FileChannel.open(after.body(key("ip:a", "f.bin").id()))) {
            assertThat(ch.size()).isEqualTo(70_000);
        }
        append(resumed.body(), file, 70_000, file.length);
        assertThat(resumed.body().digest()).isEqualTo(sha(file));
        // Its periodic syncs run beside the writes: let the last one end before the directory is deleted.
        ((PartialBody) resumed.body()).awaitSync();
    }

    @Test
    void aWholeBodyCutBeforeItsTrailerIsOfferedAllButItsLastByte() throws Exception {
        PartialStore store = open();
        PartialStore.Offer o = store.offer(key("ip:a", "f.bin"), inbox());
        append(o.body(), file, 0, file.length);
        o.body().discard();
        assertThat(store.verified(key("ip:a", "f.bin"))).hasValue((long) file.length);
        PartialStore.Offer again = store.offer(key("ip:a", "f.bin"), inbox());
        // An offer is followed by a frame of at least one byte: the last one is sent again.
        assertThat(again.offset()).isEqualTo(file.length - 1);
        append(again.body(), file, file.length - 1, file.length);
        assertThat(again.body().digest()).isEqualTo(sha(file));
    }

    @Test
    void aChangedFileOfTheSameNameStartsOverAndItsStalePartialIsDeleted() throws Exception {
        PartialStore store = open();
        PartialStore.Offer o = store.offer(key("ip:a", "f.bin"), inbox());
        append(o.body(), file, 0, 50_000);
        o.body().discard();
        byte[] changed = file.clone();
        changed[0] ^= 1;
        PartialStore.Key other = new PartialStore.Key("ip:a", "f.bin", changed.length,
                HexFormat.of().formatHex(sha(changed)));
        PartialStore.Offer fresh = store.offer(other, inbox());
        assertThat(fresh.offset()).isZero();
        assertThat(store.verified(key("ip:a", "f.bin"))).isEmpty();
        assertThat(store.count()).isEqualTo(1);
        // Another sender's partial of the same name and file is its own: not offered to this one.
        assertThat(store.offer(key("ip:b", "f.bin"), inbox()).offset()).isZero();
    }

    @Test
    void partialsPastTheWindowAreDeletedBySweepAndAtStart() throws Exception {
        PartialStore store = open();
        PartialStore.Offer o = store.offer(key("ip:a", "f.bin"), inbox());
        append(o.body(), file, 0, 1000);
        o.body().discard();
        clock.advance(Duration.ofHours(23));
        assertThat(store.sweep()).isZero();
        clock.advance(Duration.ofHours(2));
        assertThat(open().count()).isZero();
        assertThat(store.sweep()).isEqualTo(1);
        assertThat(TestBytes.names(store.directory())).isEmpty();
    }

    @Test
    void theNumberOfPartialsIsBoundedPerSenderAndInAll() throws Exception {
        PartialStore store = open();
        for (String name : new String[] {"1", "2", "3"}) {
            store.offer(key("ip:a", name), inbox()).body().discard();
            clock.advance(Duration.ofSeconds(1));
        }
        // Two per sender: the third dropped the oldest of the same sender.
        assertThat(store.verified(key("ip:a", "1"))).isEmpty();
        assertThat(store.count()).isEqualTo(2);
        store.offer(key("ip:b", "x"), inbox()).body().discard();
        // Three in all: a fourth is received without being kept.
        PartialStore.Offer over = store.offer(key("ip:c", "y"), inbox());
        assertThat(over.body()).isInstanceOf(SpoolFile.class);
        over.body().discard();
        assertThat(store.count()).isEqualTo(3);
    }

    @Test
    void thePartialsOfOneSenderAreBoundedInBytesToo() throws Exception {
        // Room for two files of this size per sender by count (5) but for only two by bytes.
        PartialStore store = PartialStore.open(root.resolve("partial"), PartialStore.Settings.defaults()
                .withSyncEveryBytes(SYNC).withMax(5, 10).withMaxBytesPerSender(2L * file.length + 1), clock);
        for (String name : new String[] {"1", "2", "3"}) {
            store.offer(key("ip:a", name), inbox()).body().discard();
            clock.advance(Duration.ofSeconds(1));
        }
        // The third file's size would pass the sender's bytes: its oldest was dropped to make room.
        assertThat(store.verified(key("ip:a", "1"))).isEmpty();
        assertThat(store.verified(key("ip:a", "2"))).isPresent();
        assertThat(store.verified(key("ip:a", "3"))).isPresent();
        // Another sender is counted on its own.
        store.offer(key("ip:b", "x"), inbox()).body().discard();
        assertThat(store.count()).isEqualTo(3);
        // A file larger than the bytes alone is received without being kept, and drops nothing.
        PartialStore.Key huge = new PartialStore.Key("ip:a", "huge", 2L * file.length + 2,
                HexFormat.of().formatHex(sha(file)));
        PartialStore.Offer over = store.offer(huge, inbox());
        assertThat(over.body()).isInstanceOf(SpoolFile.class);
        over.body().discard();
        assertThat(store.count()).isEqualTo(3);
    }

    @Test
    void aPartialInUseIsNotOfferedToASecondConnection() throws Exception {
        PartialStore store = open();
        PartialStore.Offer a = store.offer(key("ip:a", "f.bin"), inbox());
        append(a.body(), file, 0, 1000);
        PartialStore.Offer b = store.offer(key("ip:a", "f.bin"), inbox());
        assertThat(b.offset()).isZero();
        assertThat(b.body()).isInstanceOf(SpoolFile.class);
        b.body().discard();
        a.body().discard();
        assertThat(store.offer(key("ip:a", "f.bin"), inbox()).offset()).isEqualTo(1000);
    }

    /** A clock the test moves. */
    private static final class TestClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
