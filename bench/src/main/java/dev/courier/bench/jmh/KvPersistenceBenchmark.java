package dev.courier.bench.jmh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Which engine should make the KV store durable (issue 12): H2's MVStore or an append-only journal?
 *
 * <p>Workload: 50,000 keys spread over 50 sessions, loaded before the measurement, then random overwrites of
 * values of 100 B or 1 KiB, from one thread (the store's writer).
 *
 * <ul>
 *   <li>{@code everysec}: MVStore with its own auto-commit (every second, or sooner when its write buffer
 *       fills; the commits run in its background thread) plus a {@code sync()} (fsync) once a second; the journal
 *       writes every record with {@code FileChannel.write} and forces once a second.
 *   <li>{@code always} with a group of G writes: MVStore {@code commit()} + {@code sync()} after every G puts;
 *       the journal encodes G records into one buffer, then one {@code write} + {@code force(false)}.
 * </ul>
 *
 * <p>JMH reports puts per second. At the end of each trial one {@code PERSIST} line on the fork's output gives
 * the bytes written per put (MVStore: its own count of bytes written to the file; journal: the file's growth),
 * the file's growth per put, the file's size and the process CPU time per put (all threads: MVStore serialises
 * and writes in background threads, so the benchmark thread's rate alone would flatter it).
 *
 * <p>{@link #main} measures what a rate cannot: the files after N overwrites, start-up (reading everything back
 * into memory, as the KV store serves from memory), and the journal's compaction (a snapshot of the live data).
 *
 * <p>Files live in a fresh directory under {@code java.io.tmpdir} (put it on the disk to measure, not a tmpfs:
 * {@code -Djava.io.tmpdir=...} on both the launcher and {@code -jvmArgsAppend}), deleted at tear-down.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class KvPersistenceBenchmark {
    static final int SESSIONS = 50;
    static final int KEYS_PER_SESSION = 1000;
    static final int KEYS = SESSIONS * KEYS_PER_SESSION;
    private static final byte TYPE_PUT = 1;

    /** The keys, the random overwrite order and the values. */
    @State(Scope.Thread)
    public abstract static class Workload {
        @Param({"100", "1024"})
        public int valueSize;

        final String[] sessions = new String[SESSIONS];
        final String[] keys = new String[KEYS_PER_SESSION];
        final int[] order = new int[1 << 20];
        final byte[][] values = new byte[64][];
        Path dir;
        long ops;
        long cpuStart;
        int next;

        void prepare() throws IOException {
            SplittableRandom random = new SplittableRandom(12);
            for (int s = 0; s < SESSIONS; s++) {
                // A session id as the KV server makes them: 16 random bytes, base64url without padding.
                byte[] id = new byte[16];
                random.nextBytes(id);
                sessions[s] = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(id);
            }
            for (int k = 0; k < KEYS_PER_SESSION; k++) {
                keys[k] = String.format(Locale.ROOT, "key:%08d", k);
            }
            for (int i = 0; i < order.length; i++) {
                order[i] = random.nextInt(KEYS);
            }
            for (int v = 0; v < values.length; v++) {
                values[v] = new byte[valueSize];
                random.nextBytes(values[v]);
            }
            dir = Files.createTempDirectory("courier-kv-persist");
        }

        String session(int slot) {
            return sessions[slot / KEYS_PER_SESSION];
        }

        String key(int slot) {
            return keys[slot % KEYS_PER_SESSION];
        }

        byte[] value(int op) {
            return values[op & 63];
        }

        void startCounting() {
            ops = 0;
            cpuStart = processCpuNanos();
        }

        void report(String engine, String mode, int group, long bytesWritten, long fileGrowth, long fileSize) {
            double cpu = (processCpuNanos() - cpuStart) / 1000.0;
            System.out.printf(Locale.ROOT,
                "%nPERSIST engine=%s mode=%s valueSize=%d group=%d puts=%d bytesWrittenPerPut=%.1f"
                    + " fileGrowthPerPut=%.1f fileSizeMiB=%.1f cpuMicrosPerPut=%.2f%n",
                engine, mode, valueSize, group, ops, bytesWritten / (double) ops, fileGrowth / (double) ops,
                fileSize / 1048576.0, cpu / ops);
        }

        void deleteDir() throws IOException {
            deleteTree(dir);
        }
    }

    /** MVStore: one {@code MVMap<String, byte[]>} keyed by session + key, in a file. */
    public abstract static class MvState extends Workload {
        MVStore store;
        MVMap<String, byte[]> map;
        long writtenStart;
        long sizeStart;

        void open(boolean autoCommit) throws IOException {
            prepare();
            store = openMvStore(dir.resolve("kv.mv.db"), autoCommit);
            map = store.openMap("kv");
            load(map, this);
            store.commit();
            store.sync();
            writtenStart = mvBytesWritten(store);
            sizeStart = store.getFileStore().size();
            startCounting();
        }

        void close(String mode, int group) throws IOException {
            store.commit();
            store.sync();
            long size = store.getFileStore().size();
            report("mvstore", mode, group, mvBytesWritten(store) - writtenStart, size - sizeStart, size);
            store.closeImmediately();
            deleteDir();
        }
    }

    /** MVStore, everysec-like. */
    @State(Scope.Thread)
    public static class MvEverySec extends MvState {
        long nextSync;

        /** A fresh store with 50,000 keys, auto-commit on. */
        @Setup(Level.Trial)
        public void setup() throws IOException {
            open(true);
            nextSync = System.nanoTime() + 1_000_000_000L;
        }

        /** Reports and deletes the files. */
        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            close("everysec", 0);
        }
    }

    /** MVStore, always-like: commit and sync after every group of G puts. */
    @State(Scope.Thread)
    public static class MvAlways extends MvState {
        @Param({"1", "16", "64"})
        public int group;

        /** A fresh store with 50,000 keys, auto-commit off. */
        @Setup(Level.Trial)
        public void setup() throws IOException {
            open(false);
        }

        /** Reports and deletes the files. */
        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            close("always", group);
        }
    }

    /** The append-only journal: length, CRC32C, type, then session, key and value, each length-prefixed. */
    public abstract static class LogState extends Workload {
        FileChannel channel;
        ByteBuffer buffer;
        final CRC32C crc = new CRC32C();
        long sizeStart;

        void open(int group) throws IOException {
            prepare();
            buffer = ByteBuffer.allocateDirect(Math.max(1, group) * (valueSize + 128) + 65536);
            channel = openLog(dir.resolve("kv.journal"));
            for (int slot = 0; slot < KEYS; slot++) {
                encode(buffer, crc, session(slot), key(slot), value(slot));
                if (buffer.remaining() < valueSize + 128) {
                    flush();
                }
            }
            flush();
            channel.force(false);
            sizeStart = channel.size();
            startCounting();
        }

        void flush() throws IOException {
            buffer.flip();
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            buffer.clear();
        }

        void close(String mode, int group) throws IOException {
            flush();
            channel.force(false);
            long size = channel.size();
            report("journal", mode, group, size - sizeStart, size - sizeStart, size);
            channel.close();
            deleteDir();
        }
    }

    /** Journal, everysec-like: a write per record, a force once a second. */
    @State(Scope.Thread)
    public static class LogEverySec extends LogState {
        long nextSync;

        /** A fresh journal holding 50,000 keys. */
        @Setup(Level.Trial)
        public void setup() throws IOException {
            open(1);
            nextSync = System.nanoTime() + 1_000_000_000L;
        }

        /** Reports and deletes the files. */
        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            close("everysec", 0);
        }
    }

    /** Journal, always-like: G records, then one write and one force. */
    @State(Scope.Thread)
    public static class LogAlways extends LogState {
        @Param({"1", "16", "64"})
        public int group;

        /** A fresh journal holding 50,000 keys. */
        @Setup(Level.Trial)
        public void setup() throws IOException {
            open(group);
        }

        /** Reports and deletes the files. */
        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            close("always", group);
        }
    }

    /** One overwrite; the store commits on its own, and is synced once a second. */
    @Benchmark
    public byte[] mvstoreEverysec(MvEverySec s) {
        int slot = s.order[s.next++ & (s.order.length - 1)];
        byte[] old = s.map.put(s.session(slot) + '\0' + s.key(slot), s.value(s.next));
        if ((++s.ops & 255) == 0 && System.nanoTime() - s.nextSync >= 0) {
            s.store.sync();
            s.nextSync = System.nanoTime() + 1_000_000_000L;
        }
        return old;
    }

    /** One overwrite; every G-th commits and syncs. */
    @Benchmark
    public byte[] mvstoreAlways(MvAlways s) {
        int slot = s.order[s.next++ & (s.order.length - 1)];
        byte[] old = s.map.put(s.session(slot) + '\0' + s.key(slot), s.value(s.next));
        if (++s.ops % s.group == 0) {
            s.store.commit();
            s.store.sync();
        }
        return old;
    }

    /** One record written; a force once a second. */
    @Benchmark
    public int journalEverysec(LogEverySec s) throws IOException {
        int slot = s.order[s.next++ & (s.order.length - 1)];
        int n = encode(s.buffer, s.crc, s.session(slot), s.key(slot), s.value(s.next));
        s.flush();
        if ((++s.ops & 255) == 0 && System.nanoTime() - s.nextSync >= 0) {
            s.channel.force(false);
            s.nextSync = System.nanoTime() + 1_000_000_000L;
        }
        return n;
    }

    /** One record encoded; every G-th writes the group and forces. */
    @Benchmark
    public int journalAlways(LogAlways s) throws IOException {
        int slot = s.order[s.next++ & (s.order.length - 1)];
        int n = encode(s.buffer, s.crc, s.session(slot), s.key(slot), s.value(s.next));
        if (++s.ops % s.group == 0) {
            s.flush();
            s.channel.force(false);
        }
        return n;
    }

    // ---------------------------------------------------------------------------------------------------------

    static MVStore openMvStore(Path file, boolean autoCommit) {
        MVStore.Builder builder = new MVStore.Builder().fileName(file.toString());
        // -Dmvstore.autoCommitBufferKiB=N: the unsaved changes that trigger a commit before the second is up
        // (unset: H2's default, 19 MiB with a heap of a few GiB, less with a small one); a bigger buffer lets more
        // overwrites of a page meet in one write, at the cost of that much more heap.
        Integer buffer = Integer.getInteger("mvstore.autoCommitBufferKiB");
        if (buffer != null) {
            builder.autoCommitBufferSize(buffer);
        }
        if (!autoCommit) {
            builder.autoCommitDisabled();
        }
        return builder.open();
    }

    static FileChannel openLog(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    static void load(MVMap<String, byte[]> map, Workload w) {
        for (int slot = 0; slot < KEYS; slot++) {
            map.put(w.session(slot) + '\0' + w.key(slot), w.value(slot));
        }
    }

    /**
     * Appends one PUT record: u32 length of what follows the CRC, u32 CRC32C of it, u8 type, u16 + session id,
     * u16 + key, u32 + value. Returns the record's size.
     */
    static int encode(ByteBuffer buffer, CRC32C crc, String session, String key, byte[] value) {
        int start = buffer.position();
        buffer.position(start + 8);
        int body = buffer.position();
        buffer.put(TYPE_PUT);
        putShortString(buffer, session);
        putShortString(buffer, key);
        buffer.putInt(value.length);
        buffer.put(value);
        int end = buffer.position();
        crc.reset();
        crc.update(buffer.duplicate().position(body).limit(end));
        buffer.putInt(start, end - body);
        buffer.putInt(start + 4, (int) crc.getValue());
        return end - start;
    }

    private static void putShortString(ByteBuffer buffer, String s) {
        int at = buffer.position();
        buffer.position(at + 2);
        int n = 0;
        for (int i = 0; i < s.length(); i++) { // ASCII ids and keys here; the real journal writes UTF-8
            buffer.put((byte) s.charAt(i));
            n++;
        }
        buffer.putShort(at, (short) n);
    }

    /** Reads a journal back into a map, checking every record's CRC; stops at a torn or damaged record. */
    static Map<String, byte[]> replay(Path file) throws IOException {
        Map<String, byte[]> map = new HashMap<>(KEYS * 2);
        CRC32C crc = new CRC32C();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
            while (ch.read(buf) > 0 || buf.position() > 0) {
                buf.flip();
                boolean progressed = false;
                while (buf.remaining() >= 8) {
                    int len = buf.getInt(buf.position());
                    if (buf.remaining() < 8 + len) {
                        break;
                    }
                    int stored = buf.getInt(buf.position() + 4);
                    int body = buf.position() + 8;
                    crc.reset();
                    crc.update(buf.duplicate().position(body).limit(body + len));
                    if ((int) crc.getValue() != stored) {
                        throw new IOException("damaged record at " + (ch.position() - buf.limit() + body - 8));
                    }
                    buf.position(body + 1);
                    String session = getShortString(buf);
                    String key = getShortString(buf);
                    byte[] value = new byte[buf.getInt()];
                    buf.get(value);
                    map.put(session + '\0' + key, value);
                    progressed = true;
                }
                buf.compact();
                if (!progressed && buf.position() > 0 && ch.position() == ch.size()) {
                    break; // a torn last record: dropped
                }
            }
        }
        return map;
    }

    private static String getShortString(ByteBuffer buf) {
        byte[] b = new byte[buf.getShort() & 0xffff];
        buf.get(b);
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    static long mvBytesWritten(MVStore store) {
        try {
            Field f = FileStore.class.getDeclaredField("writeBytes");
            f.setAccessible(true);
            return ((AtomicLong) f.get(store.getFileStore())).get();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("H2's FileStore no longer counts written bytes in writeBytes", e);
        }
    }

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime();
    }

    static void deleteTree(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    /** A workload outside JMH, for the footprint runs. */
    private static final class Fixed extends Workload {
        Fixed(int valueSize) throws IOException {
            this.valueSize = valueSize;
            prepare();
        }
    }

    /**
     * Footprint, start-up and compaction after N random overwrites (everysec settings, as fast as each engine
     * goes). {@code java -cp bench/target/benchmarks.jar dev.courier.bench.jmh.KvPersistenceBenchmark [N]}.
     */
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
        System.out.println("| engine | value | overwrites | s | file after load MiB | file after N MiB"
            + " | bytes written/put | after close MiB | start-up: open + read all into memory ms | compaction"
            + " | engine heap MiB |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
        for (int size : new int[] {100, 1024}) {
            mvFootprint(new Fixed(size), n);
            logFootprint(new Fixed(size), n);
        }
    }

    private static void mvFootprint(Fixed w, int n) throws IOException {
        Path file = w.dir.resolve("kv.mv.db");
        MVStore store = openMvStore(file, true);
        MVMap<String, byte[]> map = store.openMap("kv");
        load(map, w);
        store.commit();
        store.sync();
        long loaded = store.getFileStore().size();
        long written0 = mvBytesWritten(store);
        long t0 = System.nanoTime();
        long nextSync = t0 + 1_000_000_000L;
        for (int i = 0; i < n; i++) {
            int slot = w.order[i & (w.order.length - 1)];
            map.put(w.session(slot) + '\0' + w.key(slot), w.value(i));
            if ((i & 255) == 0 && System.nanoTime() - nextSync >= 0) {
                store.sync();
                nextSync = System.nanoTime() + 1_000_000_000L;
            }
        }
        store.commit();
        store.sync();
        double secs = (System.nanoTime() - t0) / 1e9;
        long after = store.getFileStore().size();
        long written = mvBytesWritten(store) - written0;
        long heapOpen = usedHeap();
        store.close();
        long heap = heapOpen - usedHeap();
        long closed = Files.size(file);
        long r0 = System.nanoTime();
        MVStore again = openMvStore(file, true);
        MVMap<String, byte[]> m2 = again.openMap("kv");
        Map<String, byte[]> copy = new HashMap<>(KEYS * 2);
        for (Map.Entry<String, byte[]> e : m2.entrySet()) {
            copy.put(e.getKey(), e.getValue());
        }
        double startMs = (System.nanoTime() - r0) / 1e6;
        check(copy.size() == KEYS, "MVStore read back " + copy.size() + " keys");
        long c0 = System.nanoTime();
        again.compactFile(60_000);
        again.close(60_000); // close with time to compact: MVStore moves live chunks down and truncates the file
        double compactMs = (System.nanoTime() - c0) / 1e6;
        long compacted = Files.size(file);
        System.out.printf(Locale.ROOT, "| MVStore | %d B | %d | %.1f | %.1f | %.1f | %.0f | %.1f | %.0f"
                + " | compactFile + close: %.0f ms, file %.1f MiB | %.1f |%n",
            w.valueSize, n, secs, mib(loaded), mib(after), written / (double) n, mib(closed), startMs, compactMs,
            mib(compacted), mib(heap));
        w.deleteDir();
    }

    private static void logFootprint(Fixed w, int n) throws IOException {
        Path file = w.dir.resolve("kv.journal");
        ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
        CRC32C crc = new CRC32C();
        long loaded;
        long t0;
        try (FileChannel ch = openLog(file)) {
            for (int slot = 0; slot < KEYS; slot++) {
                encode(buffer, crc, w.session(slot), w.key(slot), w.value(slot));
                drainIfFull(buffer, ch, w.valueSize);
            }
            drain(buffer, ch);
            ch.force(false);
            loaded = ch.size();
            t0 = System.nanoTime();
            long nextSync = t0 + 1_000_000_000L;
            for (int i = 0; i < n; i++) { // as the benchmark's everysec: one write per record
                int slot = w.order[i & (w.order.length - 1)];
                encode(buffer, crc, w.session(slot), w.key(slot), w.value(i));
                drain(buffer, ch);
                if ((i & 255) == 0 && System.nanoTime() - nextSync >= 0) {
                    ch.force(false);
                    nextSync = System.nanoTime() + 1_000_000_000L;
                }
            }
            ch.force(false);
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        long after = Files.size(file);
        long r0 = System.nanoTime();
        Map<String, byte[]> copy = replay(file);
        double startMs = (System.nanoTime() - r0) / 1e6;
        check(copy.size() == KEYS, "the journal read back " + copy.size() + " keys");
        // Compaction: the live data as a fresh journal (a snapshot), synced, renamed over the old one.
        long c0 = System.nanoTime();
        Path tmp = w.dir.resolve("kv.journal.tmp");
        try (FileChannel ch = openLog(tmp)) {
            for (Map.Entry<String, byte[]> e : copy.entrySet()) {
                int cut = e.getKey().indexOf('\0');
                encode(buffer, crc, e.getKey().substring(0, cut), e.getKey().substring(cut + 1), e.getValue());
                drainIfFull(buffer, ch, w.valueSize);
            }
            drain(buffer, ch);
            ch.force(false);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        double compactMs = (System.nanoTime() - c0) / 1e6;
        long compacted = Files.size(file);
        System.out.printf(Locale.ROOT, "| journal | %d B | %d | %.1f | %.1f | %.1f | %.0f | %.1f | %.0f"
                + " | snapshot: %.0f ms, file %.1f MiB | %.1f |%n",
            w.valueSize, n, secs, mib(loaded), mib(after), (after - loaded) / (double) n, mib(after), startMs,
            compactMs, mib(compacted), mib(buffer.capacity()));
        w.deleteDir();
    }

    private static void drainIfFull(ByteBuffer buffer, FileChannel ch, int valueSize) throws IOException {
        if (buffer.remaining() < valueSize + 128) {
            drain(buffer, ch);
        }
    }

    private static void drain(ByteBuffer buffer, FileChannel ch) throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) {
            ch.write(buffer);
        }
        buffer.clear();
    }

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    private static double mib(long bytes) {
        return bytes / 1048576.0;
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException(what);
        }
    }
}
