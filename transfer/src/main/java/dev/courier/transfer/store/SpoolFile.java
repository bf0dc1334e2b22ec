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
    private final MessageDigest sha = Sha256.newDigest();
    private Path tmp;
    private FileChannel channel;
    private long received;
    private boolean discarded;

    /** A body of {@code size} bytes to be streamed into {@code dir}. */
    public SpoolFile(Path dir, long size) {
        this.dir = dir;
        this.size = size;
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
        channel = FileChannel.open(tmp, StandardOpenOption.WRITE);
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
    public byte[] bytes() throws StoreRefusal {
        throw new StoreRefusal("body of " + size + " bytes is too large for a text or JSON message");
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
