package dev.courier.kv.store.journal;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The 16 bytes that begin every journal and snapshot: {@code magic (4) | format version u32 | generation u64}. The
 * generation repeats the file's name, so a file renamed by hand is not read as another.
 */
final class FileHeader {
    static final int BYTES = 16;
    static final int VERSION = 1;
    static final byte[] JOURNAL_MAGIC = {'C', 'K', 'V', 'J'};
    static final byte[] SNAPSHOT_MAGIC = {'C', 'K', 'V', 'S'};

    private FileHeader() {
    }

    /** The header of a file of {@code gen}. */
    static byte[] of(byte[] magic, long gen) {
        return ByteBuffer.allocate(BYTES).put(magic).putInt(VERSION).putLong(gen).array();
    }

    /** What is wrong with a header read from a file expected to hold {@code gen}, or null if nothing. */
    static String check(byte[] h, byte[] magic, long gen) {
        ByteBuffer b = ByteBuffer.wrap(h);
        byte[] m = new byte[4];
        b.get(m);
        if (!Arrays.equals(m, magic)) {
            return "not a " + (magic == JOURNAL_MAGIC ? "journal" : "snapshot") + " file (bad magic)";
        }
        int v = b.getInt();
        if (v != VERSION) {
            return "unknown format version " + v + " (this server reads " + VERSION + ")";
        }
        long g = b.getLong();
        if (g != gen) {
            return "header says generation " + g + ", the name " + gen;
        }
        return null;
    }
}
