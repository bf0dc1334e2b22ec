package dev.courier.transfer.store;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.security.MessageDigest;

/** A small body held in one array of its announced size. */
public final class MemoryBody implements Body {
    private final byte[] data;
    private final MessageDigest sha = Sha256.newDigest();
    private final Path dir;
    private int received;

    /** A body of exactly {@code size} bytes; {@code dir} is where {@link #toTempFile()} writes. */
    public MemoryBody(int size, Path dir) {
        this.data = new byte[size];
        this.dir = dir;
    }

    @Override
    public void append(ByteBuf chunk) {
        try {
            int n = chunk.readableBytes();
            if (n > data.length - received) {
                throw new IllegalStateException("body longer than announced");
            }
            chunk.getBytes(chunk.readerIndex(), data, received, n);
            sha.update(data, received, n);
            received += n;
        } finally {
            chunk.release();
        }
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
        return data;
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
        // Nothing outside the heap to free.
    }
}
