package dev.courier.kv.store.journal;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * Reads one journal or snapshot file record by record, checking every CRC, and says where it stops being valid.
 * It never throws for what the file holds (only for I/O errors): damage and torn tails are in the {@link FileScan},
 * and the caller decides whether to refuse, truncate or keep what came before.
 */
final class JournalReader {
    /** Which file is read, and how strictly. */
    enum Kind {
        /** A journal that is not the newest: its end was synced before the next one began. */
        JOURNAL,
        /** The newest journal: its last record may be torn by a crash. */
        NEWEST_JOURNAL,
        /** A snapshot: must end with a trailer that counts and checksums its records. */
        SNAPSHOT
    }

    /** A torn tail is at most one record: more than this after a record's start is not one. */
    static final int TORN_SCAN_LIMIT = 64 << 20;

    private final String name;
    private final Kind kind;
    private final long gen;
    private final long size;
    private final DataInputStream in;
    private long pos;
    private long records;
    private long sessions;
    private long keys;
    private final CRC32C body = new CRC32C();

    private JournalReader(String name, Kind kind, long gen, SeekableByteChannel ch) throws IOException {
        this.name = name;
        this.kind = kind;
        this.gen = gen;
        this.size = ch.size();
        InputStream raw = Channels.newInputStream(ch.position(0));
        this.in = new DataInputStream(new BufferedInputStream(raw, 1 << 16));
    }

    /** Reads {@code ch} (the file {@code name}, of generation {@code gen}), giving each change to {@code sink}. */
    static FileScan read(SeekableByteChannel ch, String name, Kind kind, long gen, Consumer<Change> sink)
            throws IOException {
        return new JournalReader(name, kind, gen, ch).run(sink);
    }

    private FileScan run(Consumer<Change> sink) throws IOException {
        if (size < FileHeader.BYTES) {
            // A crash between creating the newest journal and writing its header leaves it short.
            return kind == Kind.NEWEST_JOURNAL ? torn("the header is incomplete") : damage("shorter than its header");
        }
        byte[] h = new byte[FileHeader.BYTES];
        in.readFully(h);
        String bad = FileHeader.check(h, kind == Kind.SNAPSHOT ? FileHeader.SNAPSHOT_MAGIC
                : FileHeader.JOURNAL_MAGIC, gen);
        if (bad != null) {
            return damage(bad);
        }
        pos = FileHeader.BYTES;
        boolean allowTorn = kind == Kind.NEWEST_JOURNAL;
        while (pos < size) {
            long left = size - pos;
            if (left < RecordCodec.FRAME_BYTES) {
                return allowTorn ? torn("record header cut short") : damage("record header cut short");
            }
            byte[] frame = new byte[RecordCodec.FRAME_BYTES];
            in.readFully(frame);
            int len = intAt(frame, 0);
            int crc = intAt(frame, 4);
            if (len < 1 || len > RecordCodec.MAX_RECORD_BYTES) {
                if (allowTorn && restIsZero(frame)) {
                    return torn("zero-filled tail");
                }
                return damage("impossible record length " + Integer.toUnsignedString(len));
            }
            if (len > left - RecordCodec.FRAME_BYTES) {
                String what = "a record of " + len + " bytes runs past the end of the file";
                return allowTorn && tornRatherThanDamaged(frame, left) ? torn(what) : damage(what);
            }
            byte[] rec = new byte[len];
            in.readFully(rec);
            if (RecordCodec.crc(rec, 0, len) != crc) {
                if (allowTorn && restIsZero(null)) {
                    return torn("checksum mismatch with nothing but zeros after it");
                }
                return damage("checksum mismatch");
            }
            Object decoded;
            try {
                decoded = RecordCodec.decode(rec);
            } catch (RecordCodec.MalformedRecordException e) {
                return damage(e.getMessage());
            }
            if (decoded instanceof RecordCodec.Trailer t) {
                return trailer(t, len);
            }
            Change c = (Change) decoded;
            if (kind == Kind.SNAPSHOT && !(c instanceof Change.Created || c instanceof Change.Put)) {
                return damage("a snapshot holds only CREATED and PUT records");
            }
            body.update(frame);
            body.update(rec);
            sink.accept(c);
            records++;
            if (c instanceof Change.Created) {
                sessions++;
            } else if (c instanceof Change.Put) {
                keys++;
            }
            pos += RecordCodec.FRAME_BYTES + len;
        }
        return kind == Kind.SNAPSHOT ? damage("no trailer: the snapshot is incomplete") : scan(null, null);
    }

    private FileScan trailer(RecordCodec.Trailer t, int len) {
        if (kind != Kind.SNAPSHOT) {
            return damage("a snapshot trailer in a journal");
        }
        if (t.records() != records || t.bodyCrc() != (int) body.getValue()) {
            return damage("the trailer does not match the records before it");
        }
        long end = pos + RecordCodec.FRAME_BYTES + len;
        if (end != size) {
            pos = end;
            return damage((size - end) + " bytes after the trailer");
        }
        pos = end;
        return scan(null, null);
    }

    /**
     * Whether a record whose length runs past the end is a torn write rather than a damaged length. A torn record is
     * the file's last bytes, so no whole record can follow its start; a flipped bit in a length would otherwise
     * pass every record after it off as one torn tail and drop them all. Records (a valid type and CRC) are looked
     * for at every offset of what remains, which a torn tail keeps short.
     */
    private boolean tornRatherThanDamaged(byte[] frame, long left) throws IOException {
        if (left > TORN_SCAN_LIMIT) {
            return false;
        }
        byte[] rest = new byte[(int) left];
        System.arraycopy(frame, 0, rest, 0, frame.length);
        in.readFully(rest, frame.length, rest.length - frame.length);
        for (int q = 1; q + RecordCodec.FRAME_BYTES < rest.length; q++) {
            int len = intAt(rest, q);
            byte type = rest[q + RecordCodec.FRAME_BYTES];
            if (len >= 1 && len <= rest.length - q - RecordCodec.FRAME_BYTES && type >= RecordCodec.CREATED
                    && type <= RecordCodec.ERASED
                    && RecordCodec.crc(rest, q + RecordCodec.FRAME_BYTES, len) == intAt(rest, q + 4)) {
                return false;
            }
        }
        return true;
    }

    private static int intAt(byte[] b, int i) {
        return (b[i] & 0xFF) << 24 | (b[i + 1] & 0xFF) << 16 | (b[i + 2] & 0xFF) << 8 | b[i + 3] & 0xFF;
    }

    /** Whether every byte after the current one read is zero; {@code frame}, if given, must be zero too. */
    private boolean restIsZero(byte[] frame) throws IOException {
        if (frame != null) {
            for (byte b : frame) {
                if (b != 0) {
                    return false;
                }
            }
        }
        byte[] chunk = new byte[8192];
        while (true) {
            int n = in.read(chunk);
            if (n < 0) {
                return true;
            }
            for (int i = 0; i < n; i++) {
                if (chunk[i] != 0) {
                    return false;
                }
            }
        }
    }

    private FileScan torn(String what) {
        return scan(what, null);
    }

    private FileScan damage(String what) {
        return scan(null, what);
    }

    private FileScan scan(String torn, String damage) {
        return new FileScan(name, size, records, sessions, keys, pos, torn, damage);
    }
}
