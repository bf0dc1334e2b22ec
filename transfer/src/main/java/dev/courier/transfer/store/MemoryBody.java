package dev.courier.transfer.store;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * A small body held in memory. Its array grows only as verified bytes arrive (doubling, never past the announced
 * size), and each growth is charged to the connection's memory first: a header that announces 4 MiB costs nothing
 * until 4 MiB arrive. When the budget refuses a growth, {@link #append} throws {@link OverBudget} and the caller
 * moves the body to disk with {@link #spill()}.
 */
public final class MemoryBody implements Body {
    /** The budget refused to let the body grow; the chunk was not taken (the caller still owns it). */
    public static final class OverBudget extends IOException {
        OverBudget(long bytes) {
            super("memory budget reached: cannot hold " + bytes + " more bytes");
        }
    }

    private final long size;
    private final Path dir;
    private final ConnectionMemory memory;
    private final MessageDigest sha = Sha256.newDigest();
    private byte[] data = new byte[0];
    private int received;

    /** A body of {@code size} bytes (at most {@code Integer.MAX_VALUE - 8}); {@code dir} is where it spills. */
    public MemoryBody(long size, Path dir, ConnectionMemory memory) {
        if (size < 0 || size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("an in-memory body holds 0 .. 2^31-9 bytes, not " + size);
        }
        this.size = size;
        this.dir = dir;
        this.memory = memory;
    }

    /** Hashes and stores the chunk and releases it; throws {@link OverBudget}, keeping the chunk, if it cannot grow. */
    @Override
    public void append(ByteBuf chunk) throws OverBudget {
        int n = chunk.readableBytes();
        if (n > size - received) {
            chunk.release();
            throw new IllegalStateException("body longer than announced");
        }
        grow(received + n);
        try {
            chunk.getBytes(chunk.readerIndex(), data, received, n);
            sha.update(data, received, n);
            received += n;
        } finally {
            chunk.release();
        }
    }

    /** Makes room for {@code need} bytes, charging the growth before allocating it. */
    private void grow(int need) throws OverBudget {
        if (need <= data.length) {
            return;
        }
        int capacity = (int) Math.min(size, Math.max(need, 2L * data.length));
        if (!memory.tryCharge(capacity - data.length)) {
            capacity = need;
            if (!memory.tryCharge(capacity - data.length)) {
                throw new OverBudget(capacity - data.length);
            }
        }
        data = Arrays.copyOf(data, capacity);
    }

    /** Bytes held in memory now (the array's length), as charged. */
    public int capacity() {
        return data == null ? 0 : data.length;
    }

    /**
     * The same body moved to a temporary file: the bytes so far written and hashed again, this body's memory given
     * back. A spilled text or JSON document is read back, under the budget, when its trailer comes.
     */
    public SpoolFile spill() throws IOException {
        SpoolFile spool = new SpoolFile(dir, size, (int) size);
        try {
            spool.append(Unpooled.wrappedBuffer(data, 0, received));
        } catch (IOException | RuntimeException e) {
            spool.discard();
            throw e;
        }
        discard();
        return spool;
    }

    @Override
    public long received() {
        return received;
    }

    @Override
    public byte[] digest() {
        return sha.digest();
    }

    @Override
    public byte[] bytes() {
        return data.length == received ? data : Arrays.copyOf(data, received);
    }

    @Override
    public Path toTempFile() throws IOException {
        Path tmp = TempFiles.create(dir);
        try (FileChannel ch = FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.wrap(data, 0, received);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        } catch (IOException | RuntimeException e) {
            TempFiles.deleteQuietly(tmp);
            throw e;
        }
        return tmp;
    }

    @Override
    public void discard() {
        if (data != null) {
            memory.release(data.length);
            data = new byte[0];
        }
    }
}
