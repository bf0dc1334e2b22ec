package dev.courier.bench.load;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/** Drives a Redis server with SET and GET over RESP, so a comparison differs in the server only. */
public final class RespDriver implements Driver {
    private static final byte[] SET = "*3\r\n$3\r\nSET\r\n$".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] GET = "*2\r\n$3\r\nGET\r\n$".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CRLF = {'\r', '\n'};

    @Override
    public String name() {
        return "redis-resp";
    }

    @Override
    public void writeOpen(int index, ByteBuf out) {
        // A Redis connection needs no greeting.
    }

    @Override
    public boolean opensWithAnswer() {
        return false;
    }

    @Override
    public void writeClose(ByteBuf out) {
        out.writeCharSequence("*1\r\n$4\r\nQUIT\r\n", StandardCharsets.US_ASCII);
    }

    @Override
    public void writeRequest(Op op, byte[] key, byte[] value, ByteBuf out) {
        out.writeBytes(op == Op.PUT ? SET : GET);
        bulk(out, key);
        if (op == Op.PUT) {
            out.writeByte('$');
            bulk(out, value);
        }
    }

    private static void bulk(ByteBuf out, byte[] b) {
        out.writeCharSequence(Integer.toString(b.length), StandardCharsets.US_ASCII);
        out.writeBytes(CRLF).writeBytes(b).writeBytes(CRLF);
    }

    @Override
    public Parser newParser() {
        return new Parser() {
            private long errors;

            @Override
            public int parse(ByteBuf in) {
                int n = 0;
                while (in.isReadable()) {
                    int start = in.readerIndex();
                    int lf = in.indexOf(start, in.writerIndex(), (byte) '\n');
                    if (lf < 0) {
                        return n;
                    }
                    byte type = in.getByte(start);
                    if (type == '+' || type == ':') {
                        in.readerIndex(lf + 1);
                    } else if (type == '-') {
                        errors++;
                        in.readerIndex(lf + 1);
                    } else if (type == '$') {
                        int len = Integer.parseInt(in.toString(start + 1, lf - 1 - (start + 1), StandardCharsets.US_ASCII));
                        if (len < 0) {
                            in.readerIndex(lf + 1);
                        } else {
                            int end = lf + 1 + len + 2;
                            if (in.writerIndex() < end) {
                                return n;
                            }
                            in.readerIndex(end);
                        }
                    } else {
                        return -1;
                    }
                    n++;
                }
                return n;
            }

            @Override
            public long errors() {
                return errors;
            }
        };
    }
}
