package dev.courier.bench.load;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Drives a Courier KV server. Each connection CONNECTs as {@code prefix-index} with one password hash computed
 * once for the whole run, so sessions of earlier tests are resumed with their data.
 */
public final class KvDriver implements Driver {
    private static final byte[] PUT = "PUT ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] GET = "GET ".getBytes(StandardCharsets.US_ASCII);
    private final String prefix;
    private final byte[] hash;

    /** A driver whose connections CONNECT as {@code prefix-N} with {@code hash}. */
    public KvDriver(String prefix, byte[] hash) {
        this.prefix = prefix;
        this.hash = hash.clone();
    }

    @Override
    public String name() {
        return "courier-kv";
    }

    @Override
    public void writeOpen(int index, ByteBuf out) {
        out.writeCharSequence("CONNECT " + prefix + "-" + index + "\n", StandardCharsets.US_ASCII);
        out.writeBytes(hash);
    }

    @Override
    public boolean opensWithAnswer() {
        return true;
    }

    @Override
    public void writeClose(ByteBuf out) {
        out.writeCharSequence("DISCONNECT\n", StandardCharsets.US_ASCII);
    }

    @Override
    public void writeRequest(Op op, byte[] key, byte[] value, ByteBuf out) {
        if (op == Op.PUT) {
            out.writeBytes(PUT).writeBytes(key).writeByte('\n').writeBytes(value).writeByte('\n');
        } else {
            out.writeBytes(GET).writeBytes(key).writeByte('\n');
        }
    }

    @Override
    public Parser newParser() {
        return new Parser() {
            private boolean needCrc;
            private long errors;

            @Override
            public int parse(ByteBuf in) {
                int n = 0;
                while (true) {
                    int lf = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
                    if (lf < 0) {
                        return n;
                    }
                    int len = lf - in.readerIndex();
                    int start = in.readerIndex();
                    if (needCrc) {
                        needCrc = false;
                        n++;
                    } else if (len >= 4 && in.getByte(start) == 'G' && in.getByte(start + 3) == ' ') {
                        needCrc = true;
                    } else if (len >= 2 && in.getByte(lf - 1) == 'K' && in.getByte(lf - 2) == 'O') {
                        n++;
                    } else if (len >= 5 && in.getByte(lf - 1) == 'R' && in.getByte(lf - 5) == 'E') {
                        errors++;
                        n++;
                    } else {
                        return -1;
                    }
                    in.readerIndex(lf + 1);
                }
            }

            @Override
            public long errors() {
                return errors;
            }
        };
    }
}
