package dev.courier.transfer.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bodies of resumable files cut before they were whole, kept under the data directory (never in the inbox) so
 * that the same sender sending the same file again within the window continues from the last synced byte. Each
 * partial is a pair of files: {@code <id>.body} (the bytes) and {@code <id>.rec} (a small JSON record: sender,
 * name, size, SHA-256, verified length, time). The record is written only after the body's bytes up to its
 * verified length are synced, and replaced atomically, so after a crash it never claims a byte that is not on
 * disk; a body longer than its record is truncated when resumed, a body without a record is deleted. Expired
 * partials are deleted at start and by {@link #sweep()}; their number is bounded per sender and in total.
 */
public final class PartialStore {
    private static final Logger LOG = LoggerFactory.getLogger(PartialStore.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A partial's bytes. */
    static final String BODY_SUFFIX = ".body";
    /** A partial's record. */
    static final String RECORD_SUFFIX = ".rec";
    /** A record being replaced (a crash may leave one; it is deleted at start). */
    static final String RECORD_TMP_SUFFIX = ".rec.tmp";
    /**
     * How long a RESUME waits for a partial still held by another connection of the sender: usually the cut one,
     * which the receiver is closing. Past it the file is received without being kept.
     */
    static final Duration IN_USE_WAIT = Duration.ofSeconds(2);
    /** Block size of the re-hash of a kept prefix when a partial is resumed. */
    static final int REHASH_BLOCK = 1 << 20;

    /**
     * What the store keeps.
     *
     * @param window             how long a partial is kept after its last byte arrived
     * @param maxPerSender       partials kept for one sender; a new one beyond it drops that sender's oldest
     * @param maxTotal           partials kept in all; beyond it a new file is received without being kept
     * @param syncEveryBytes     bytes between two syncs of a partial (and two updates of its record)
     * @param syncEvery          longest time between two syncs while bytes arrive
     * @param maxBytesPerSender  the sizes of one sender's partials added up (each counted at its file's size, what
     *                           it may grow to); a new one beyond it drops that sender's oldest, and a file that
     *                           does not fit alone is received without being kept
     */
    public record Settings(Duration window, int maxPerSender, int maxTotal, long syncEveryBytes,
                           Duration syncEvery, long maxBytesPerSender) {
        /** Default: a cut file can be resumed for 24 hours. */
        public static final Duration DEFAULT_WINDOW = Duration.ofHours(24);
        /** Default: 16 partials per sender. */
        public static final int DEFAULT_MAX_PER_SENDER = 16;
        /** Default: 1 000 partials in all. */
        public static final int DEFAULT_MAX_TOTAL = 1000;
        /**
         * Default: a sync every 64 MiB. A sync costs one {@code fsync} and one small record written and renamed, so
         * a 1 GiB file pays 16 of them, for bytes the page cache would mostly have written by then anyway.
         */
        public static final long DEFAULT_SYNC_EVERY_BYTES = 64L << 20;
        /** Default: a sync at least every 5 s while bytes arrive, so a slow link loses at most that on a crash. */
        public static final Duration DEFAULT_SYNC_EVERY = Duration.ofSeconds(5);
        /**
         * Default: 64 GiB of partials per sender (the largest message by default), so that the disk a sender can
         * hold for a day is bounded by bytes as well as by count.
         */
        public static final long DEFAULT_MAX_BYTES_PER_SENDER = 64L << 30;

        /** Checks the values are usable. */
        public Settings {
            if (window == null || window.isNegative() || window.isZero() || maxPerSender < 1 || maxTotal < 1
                    || syncEveryBytes < 1 || syncEvery == null || syncEvery.isNegative() || syncEvery.isZero()
                    || maxBytesPerSender < 1) {
                throw new IllegalArgumentException("the resume window, the partial limits and the sync interval "
                        + "must be positive");
            }
        }

        /** The defaults. */
        public static Settings defaults() {
            return new Settings(DEFAULT_WINDOW, DEFAULT_MAX_PER_SENDER, DEFAULT_MAX_TOTAL, DEFAULT_SYNC_EVERY_BYTES,
                    DEFAULT_SYNC_EVERY, DEFAULT_MAX_BYTES_PER_SENDER);
        }

        /** A copy with another window. */
        public Settings withWindow(Duration w) {
            return new Settings(w, maxPerSender, maxTotal, syncEveryBytes, syncEvery, maxBytesPerSender);
        }

        /** A copy with other limits on the number of partials. */
        public Settings withMax(int perSender, int total) {
            return new Settings(window, perSender, total, syncEveryBytes, syncEvery, maxBytesPerSender);
        }

        /** A copy syncing every {@code bytes} bytes. */
        public Settings withSyncEveryBytes(long bytes) {
            return new Settings(window, maxPerSender, maxTotal, bytes, syncEvery, maxBytesPerSender);
        }

        /** A copy keeping at most {@code bytes} of partials (counted at their files' sizes) per sender. */
        public Settings withMaxBytesPerSender(long bytes) {
            return new Settings(window, maxPerSender, maxTotal, syncEveryBytes, syncEvery, bytes);
        }
    }

    /** What identifies a resumable file: who sends it, under which name, and its size and SHA-256. */
    public record Key(String sender, String name, long size, String sha256Hex) {
        /** The file name of its pair: a hash, so no sender's text reaches the file system. */
        String id() {
            MessageDigest md = Sha256.newDigest();
            md.update((sender + "\n" + name + "\n" + size + "\n" + sha256Hex).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest(), 0, 16);
        }
    }

    /** One kept partial (guarded by the store's lock). */
    private static final class Entry {
        final Key key;
        final String id;
        long verified;
        Instant updated;
        boolean inUse;

        Entry(Key key, String id, long verified, Instant updated) {
            this.key = key;
            this.id = id;
            this.verified = verified;
            this.updated = updated;
        }
    }

    private final Path dir;
    private final Settings settings;
    private final Clock clock;
    private final Map<String, Entry> entries = new HashMap<>();

    /** How long the sync thread lingers without work before it ends (it is started again on demand). */
    private static final Duration SYNC_THREAD_IDLE = Duration.ofSeconds(10);
    private final Executor syncer;

    private PartialStore(Path dir, Settings settings, Clock clock) {
        this.dir = dir;
        this.settings = settings;
        this.clock = clock;
        ThreadPoolExecutor t = new ThreadPoolExecutor(1, 1, SYNC_THREAD_IDLE.toSeconds(), TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread th = new Thread(r, "transfer-partial-sync");
                    th.setDaemon(true);
                    return th;
                });
        t.allowCoreThreadTimeOut(true);
        this.syncer = t;
    }

    /**
     * Where the periodic syncs of partials run, off the disk thread that writes them: a sync of 64 MiB then
     * overlaps the next chunks instead of holding up the sender (one thread: a body waits for its last sync before
     * it starts another, so they never pile up).
     */
    Executor syncer() {
        return syncer;
    }

    /**
     * Opens the store in {@code dir} (created with the first partial kept): reads the records, deletes bodies without one, records
     * without a body, broken and expired ones. Run before any connection is accepted.
     */
    public static PartialStore open(Path dir, Settings settings, Clock clock) throws IOException {
        Path d = dir.toAbsolutePath().normalize();
        PartialStore s = new PartialStore(d, settings, clock);
        // Made when the first partial is kept: a receiver that never gets a RESUME leaves no trace.
        if (Files.isDirectory(d)) {
            s.load();
        }
        return s;
    }

    /** Where the partials are. */
    public Path directory() {
        return dir;
    }

    /** The settings in force. */
    public Settings settings() {
        return settings;
    }

    private void load() throws IOException {
        int dropped = 0;
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                String f = String.valueOf(p.getFileName());
                if (f.endsWith(RECORD_TMP_SUFFIX)) {
                    Files.deleteIfExists(p);
                } else if (f.endsWith(RECORD_SUFFIX)) {
                    Optional<Entry> e = read(p);
                    String id = f.substring(0, f.length() - RECORD_SUFFIX.length());
                    if (e.isPresent() && e.get().id.equals(id) && Files.isRegularFile(body(id)) && !expired(e.get())) {
                        entries.put(id, e.get());
                    } else {
                        dropped++;
                        delete(id);
                    }
                }
            }
        }
        // Bodies whose record never made it (a crash right after creating them): nothing can resume them.
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*" + BODY_SUFFIX)) {
            for (Path p : s) {
                String f = String.valueOf(p.getFileName());
                if (!entries.containsKey(f.substring(0, f.length() - BODY_SUFFIX.length()))) {
                    Files.deleteIfExists(p);
                }
            }
        }
        if (!entries.isEmpty() || dropped > 0) {
            LOG.info("transfer: {} partial file(s) kept for resuming in {}, {} expired or broken deleted",
                    entries.size(), dir, dropped);
        }
    }

    private static Optional<Entry> read(Path record) {
        try {
            JsonNode n = JSON.readTree(Files.readAllBytes(record));
            Key k = new Key(n.get("sender").asText(), n.get("name").asText(), n.get("size").asLong(),
                    n.get("sha256").asText());
            return Optional.of(new Entry(k, k.id(), n.get("verified").asLong(),
                    Instant.ofEpochMilli(n.get("updated").asLong())));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private boolean expired(Entry e) {
        return e.updated.plus(settings.window()).isBefore(clock.instant());
    }

    /** A resume offer: the offset the sender continues from, and the body that holds the bytes before it. */
    public record Offer(long offset, Body body) {
    }

    /**
     * Finds or starts the partial for {@code key} (on a disk thread: a resumed prefix is truncated to its verified
     * length and hashed again, which reads it once). A partial of the same sender and name whose size or SHA-256
     * differ is stale and deleted. With no kept partial the offset is 0; when the store is full, or the partial is
     * in use by another connection, the body is an ordinary temporary file in {@code inbox}, not kept.
     */
    public Offer offer(Key key, Path inbox) throws IOException {
        String id = key.id();
        Entry e;
        synchronized (this) {
            dropStale(key);
            e = entries.get(id);
            long deadline = System.nanoTime() + IN_USE_WAIT.toNanos();
            while (e != null && e.inUse && deadline - System.nanoTime() > 0) {
                try {
                    wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                } catch (InterruptedException x) {
                    Thread.currentThread().interrupt();
                    break;
                }
                e = entries.get(id);
            }
            if (e != null && (e.inUse || expired(e))) {
                if (e.inUse) {
                    return new Offer(0, new SpoolFile(inbox, key.size()));
                }
                forget(e);
                e = null;
            }
            if (e == null) {
                if (!makeRoom(key)) {
                    return new Offer(0, new SpoolFile(inbox, key.size()));
                }
                e = new Entry(key, id, 0, clock.instant());
                entries.put(id, e);
            }
            e.inUse = true;
        }
        try {
            Files.createDirectories(dir);
            PartialBody b = open(e, inbox);
            return new Offer(b.received(), b);
        } catch (IOException | RuntimeException x) {
            release(e, true);
            throw x;
        }
    }

    private PartialBody open(Entry e, Path inbox) throws IOException {
        long verified;
        synchronized (this) {
            verified = e.verified;
        }
        long free = Files.getFileStore(dir).getUsableSpace();
        if (e.key.size() - verified > free) {
            throw new StoreRefusal("not enough disk space: " + (e.key.size() - verified) + " bytes announced, "
                    + free + " free");
        }
        FileChannel ch = FileChannel.open(body(e.id), StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            // Whatever a crash left past the record is not trusted: cut it off. A whole body keeps all but its last
            // byte, so that an offer is always a frame of at least one byte the sender can send.
            long keep = Math.min(Math.min(verified, ch.size()), Math.max(0, e.key.size() - 1));
            ch.truncate(keep);
            MessageDigest sha = Sha256.newDigest();
            ByteBuffer buf = ByteBuffer.allocateDirect((int) Math.min(REHASH_BLOCK, Math.max(keep, 1)));
            for (long pos = 0; pos < keep; ) {
                buf.clear().limit((int) Math.min(buf.capacity(), keep - pos));
                int r = ch.read(buf, pos);
                if (r < 0) {
                    throw new IOException("partial file shorter than its record");
                }
                buf.flip();
                sha.update(buf);
                pos += r;
            }
            ch.position(keep);
            if (keep == 0) {
                checkpoint(e, 0);
            }
            return new PartialBody(this, e.id, e.key.size(), ch, sha, keep, inbox);
        } catch (IOException | RuntimeException x) {
            ch.close();
            throw x;
        }
    }

    /** Deletes a partial of the same sender and name that is for another size or SHA-256. */
    private void dropStale(Key key) {
        for (Entry o : entries.values().toArray(Entry[]::new)) {
            if (!o.inUse && o.key.sender().equals(key.sender()) && o.key.name().equals(key.name())
                    && !o.key.equals(key)) {
                LOG.debug("transfer: partial of '{}' dropped: the file changed", o.id);
                forget(o);
            }
        }
    }

    /**
     * Makes room for one more partial of {@code key}'s sender: drops that sender's oldest (not in use) past the
     * per-sender count, or while its partials' sizes and this one's add up past the per-sender bytes. False when
     * it cannot be kept: the sender's other partials are in use, this file alone is over the bytes, or the store
     * is full.
     */
    private boolean makeRoom(Key key) {
        String sender = key.sender();
        if (key.size() > settings.maxBytesPerSender()) {
            return false;
        }
        while (true) {
            long count = 0;
            long bytes = key.size();
            for (Entry x : entries.values()) {
                if (x.key.sender().equals(sender)) {
                    count++;
                    bytes += x.key.size();
                }
            }
            if (count < settings.maxPerSender() && bytes <= settings.maxBytesPerSender()) {
                return entries.size() < settings.maxTotal();
            }
            Optional<Entry> oldest = entries.values().stream()
                    .filter(x -> x.key.sender().equals(sender) && !x.inUse)
                    .min(Comparator.comparing(x -> x.updated));
            if (oldest.isEmpty()) {
                return false;
            }
            forget(oldest.get());
        }
    }

    /** Makes {@code verified} bytes of the body durable in the record: called after the body was synced. */
    void checkpoint(String id, long verified) throws IOException {
        Entry e;
        synchronized (this) {
            e = entries.get(id);
            if (e == null) {
                return;
            }
        }
        checkpoint(e, verified);
    }

    private void checkpoint(Entry e, long verified) throws IOException {
        Instant now = clock.instant();
        ObjectNode n = JSON.createObjectNode().put("sender", e.key.sender()).put("name", e.key.name())
                .put("size", e.key.size()).put("sha256", e.key.sha256Hex()).put("verified", verified)
                .put("updated", now.toEpochMilli());
        Path tmp = dir.resolve(e.id + RECORD_TMP_SUFFIX);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.wrap(JSON.writeValueAsBytes(n));
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        // Atomic: a crash leaves the old record (fewer bytes claimed) or the new one, never half of one.
        Files.move(tmp, dir.resolve(e.id + RECORD_SUFFIX), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        synchronized (this) {
            e.verified = verified;
            e.updated = now;
        }
    }

    /** The connection is done with a partial: kept for a later resume, or (when {@code remove}) deleted. */
    void release(String id, boolean remove) {
        Entry e;
        synchronized (this) {
            e = entries.get(id);
        }
        if (e != null) {
            release(e, remove);
        }
    }

    private void release(Entry e, boolean remove) {
        synchronized (this) {
            e.inUse = false;
            if (remove) {
                forget(e);
            }
            notifyAll();
        }
    }

    /** Deletes the body and record of a partial and forgets it (caller holds the lock). */
    private void forget(Entry e) {
        entries.remove(e.id, e);
        delete(e.id);
    }

    private void delete(String id) {
        TempFiles.deleteQuietly(dir.resolve(id + RECORD_SUFFIX));
        TempFiles.deleteQuietly(body(id));
    }

    Path body(String id) {
        return dir.resolve(id + BODY_SUFFIX);
    }

    /** Deletes every partial not in use whose window has passed; returns how many. */
    public synchronized int sweep() {
        int n = 0;
        for (Entry e : entries.values().toArray(Entry[]::new)) {
            if (!e.inUse && expired(e)) {
                forget(e);
                n++;
            }
        }
        if (n > 0) {
            LOG.info("transfer: deleted {} partial file(s) older than the resume window of {}", n, settings.window());
        }
        return n;
    }

    /** Partials kept now. */
    public synchronized int count() {
        return entries.size();
    }

    /** The verified length recorded for {@code key}, if a partial is kept for it. */
    public synchronized Optional<Long> verified(Key key) {
        Entry e = entries.get(key.id());
        return e == null ? Optional.empty() : Optional.of(e.verified);
    }
}
