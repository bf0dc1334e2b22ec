package dev.courier.transfer.client;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.channels.FileChannel;

/** Where a body's bytes come from; read twice (hash, then send) and again after a NACK2. */
interface BodySource {
    /** Body length. */
    long size();

    /** Appends the {@code n} bytes at {@code offset} to {@code into}. */
    void read(long offset, ByteBuf into, int n) throws IOException;

    /** A body held in memory. */
    static BodySource of(byte[] bytes) {
        return new BodySource() {
            @Override
            public long size() {
                return bytes.length;
            }

            @Override
            public void read(long offset, ByteBuf into, int n) {
                into.writeBytes(bytes, (int) offset, n);
            }
        };
    }

    /** A file read through its channel, never loaded whole. */
    static BodySource of(FileChannel file, long size) {
        return new BodySource() {
            @Override
            public long size() {
                return size;
            }

            @Override
            public void read(long offset, ByteBuf into, int n) throws IOException {
                int done = 0;
                while (done < n) {
                    int r = into.writeBytes(file, offset + done, n - done);
                    if (r < 0) {
                        throw new IOException("the file shrank while it was being sent");
                    }
                    done += r;
                }
            }
        };
    }
}
