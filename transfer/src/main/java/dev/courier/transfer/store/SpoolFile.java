package dev.courier.transfer.store;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;

/** A large body streamed chunk by chunk to a temporary file: memory does not grow with its size. */
public final class SpoolFile implements Body {
    private final Path dir;
    private final long size;
    private final int readBackLimit;
    private final MessageDigest sha = Sha256.newDigest();
    private Path tmp;
    private FileChannel channel;
    private long received;
    private boolean discarded;

    /** A body of {@code size} bytes to be streamed into {@code dir}; it can only be a file. */
    public SpoolFile(Path dir, long size) {
        this(dir, size, 0);
    }

    /**
     * A body of {@code size} bytes to be streamed into {@code dir} that {@link #bytes()} reads back into memory if
     * it has at most {@code readBackLimit} bytes (a text or JSON document spilled to disk under memory pressure).
     */
    public SpoolFile(Path dir, long size, int readBackLimit) {
        this.dir = dir;
        this.size = size;
        this.readBackLimit = readBackLimit;
    }

    private void open() throws IOException {
        if (discarded) {
            throw new StoreRefusal("message dropped");
        }
        long free = Files.getFileStore(dir).getUsableSpace();
        if (size > free) {
            throw new StoreRefusal("not enough disk space: " + size + " bytes announced, " + free + " free");
        }
        tmp = TempFiles.create(dir);
        channel = FileChannel.open(tmp, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    @Override
    public void append(ByteBuf chunk) throws IOException {
        try {
            if (channel == null) {
                open();
            }
            int n = chunk.readableBytes();
            if (n > size - received) {
                throw new IllegalStateException("body longer than announced");
            }
            ByteBuffer[] parts = chunk.nioBuffers();
            for (ByteBuffer b : parts) {
                sha.update(b.duplicate());
                while (b.hasRemaining()) {
                    channel.write(b);
                }
            }
            received += n;
        } catch (IOException e) {
            throw TempFiles.explain(e);
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
    public byte[] bytes() throws IOException {
        if (size > readBackLimit) {
            throw new StoreRefusal("body of " + size + " bytes is too large for a text or JSON message");
        }
        if (channel == null) {
            open();
        }
        // The caller charged the memory budget for these bytes before asking for them.
        byte[] b = new byte[(int) received];
        ByteBuffer buf = ByteBuffer.wrap(b);
        while (buf.hasRemaining()) {
            if (channel.read(buf, buf.position()) < 0) {
                throw new IOException("temporary file shorter than its body");
            }
        }
        return b;
    }

    @Override
    public Path toTempFile() throws IOException {
        if (channel == null) {
            open();
        }
        try {
            channel.force(true);
            channel.close();
        } catch (IOException e) {
            throw TempFiles.explain(e);
        }
        Path p = tmp;
        tmp = null;
        channel = null;
        return p;
    }

    @Override
    public void discard() {
        discarded = true;
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // The file is deleted next; a failed close changes nothing.
            }
            channel = null;
        }
        TempFiles.deleteQuietly(tmp);
        tmp = null;
    }
}
