package dev.courier.transfer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/** Bytes, digests and frames built independently of the code under test. */
public final class TestBytes {
    private TestBytes() {
    }

    /** {@code n} pseudo-random bytes from {@code seed}. */
    public static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** {@code n} printable ASCII letters. */
    public static byte[] letters(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) ('a' + i % 26);
        }
        return b;
    }

    /** SHA-256 of {@code b}. */
    public static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** CRC-32 of {@code b[from, to)}. */
    public static int crc(byte[] b, int from, int to) {
        CRC32 c = new CRC32();
        c.update(b, from, to - from);
        return (int) c.getValue();
    }

    /** The first frame of a body, built by hand: size, CR LF, sha, CR LF, crc, CR LF, chunk. */
    public static byte[] firstFrame(long size, byte[] sha, byte[] body) {
        int n = (int) Math.min(size, 1998);
        return firstFrame(size, sha, crc(body, 0, n), body, 0, n);
    }

    /** A first frame with an explicit CRC and chunk. */
    public static byte[] firstFrame(long size, byte[] sha, int crc, byte[] body, int from, int n) {
        ByteBuffer b = ByteBuffer.allocate(50 + n);
        b.putLong(size).put((byte) 13).put((byte) 10).put(sha).put((byte) 13).put((byte) 10);
        b.putInt(crc).put((byte) 13).put((byte) 10).put(body, from, n);
        return b.array();
    }

    /** A later frame with the chunk {@code body[from, from+n)} and its right CRC. */
    public static byte[] nextFrame(byte[] body, int from, int n) {
        return nextFrame(crc(body, from, from + n), body, from, n);
    }

    /** A later frame with an explicit CRC. */
    public static byte[] nextFrame(int crc, byte[] body, int from, int n) {
        return ByteBuffer.allocate(6 + n).putInt(crc).put((byte) 13).put((byte) 10).put(body, from, n).array();
    }

    /** Concatenation. */
    public static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        ByteBuffer b = ByteBuffer.allocate(n);
        for (byte[] p : parts) {
            b.put(p);
        }
        return b.array();
    }

    /** Names in a directory, sorted. */
    public static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }
}
