package dev.courier.kv.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Reads KV requests from a byte stream split in any way: LF-ended messages of bounded size, the 32 raw hash bytes
 * after CONNECT, and PUT's value message. Anything outside the grammar of spec sections 2-5 becomes one
 * {@link KvRequest.Violation}, after which every further byte is discarded.
 */
public final class KvRequestDecoder extends ByteToMessageDecoder {
    /** Length of the password hash that follows a CONNECT line. */
    public static final int HASH_BYTES = 32;

    private enum State { LINE, HASH, VALUE, DISCARD }

    private final int maxMessageBytes;
    private final KvGrammar grammar;
    private State state = State.LINE;
    private int scanned;

    /** A decoder for one connection speaking {@code edition}, with messages of at most {@code maxMessageBytes}. */
    public KvRequestDecoder(int maxMessageBytes, Edition edition) {
        this.maxMessageBytes = maxMessageBytes;
        this.grammar = new KvGrammar(edition);
    }

    /** Whether part of a request has arrived and the rest not yet: a drain waits for it. */
    public boolean midRequest() {
        return state == State.HASH || state == State.VALUE || actualReadableBytes() > 0;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            switch (state) {
                case DISCARD -> {
                    in.skipBytes(in.readableBytes());
                    return;
                }
                case HASH -> {
                    if (in.readableBytes() < HASH_BYTES) {
                        return;
                    }
                    byte[] hash = new byte[HASH_BYTES];
                    in.readBytes(hash);
                    state = State.LINE;
                    out.add(new KvRequest.Connect(grammar.takePending(), hash));
                }
                case LINE, VALUE -> {
                    byte[] message = nextMessage(in);
                    if (message == null) {
                        if (state == State.DISCARD) {
                            out.add(new KvRequest.Violation("message longer than " + maxMessageBytes + " bytes"));
                            continue;
                        }
                        return;
                    }
                    KvRequest r = state == State.VALUE ? value(message) : line(message);
                    if (r != null) {
                        out.add(r);
                    }
                }
                default -> throw new IllegalStateException(state.name());
            }
        }
    }

    /** The next whole message without its LF, or null: not complete yet, or too long (state becomes DISCARD). */
    private byte[] nextMessage(ByteBuf in) {
        int start = in.readerIndex();
        int limit = Math.min(in.writerIndex(), start + maxMessageBytes);
        int lf = in.indexOf(start + scanned, limit, (byte) '\n');
        if (lf < 0) {
            if (in.readableBytes() >= maxMessageBytes) {
                state = State.DISCARD;
                scanned = 0;
            } else {
                scanned = limit - start;
            }
            return null;
        }
        scanned = 0;
        byte[] message = new byte[lf - start];
        in.readBytes(message);
        in.skipBytes(1);
        return message;
    }

    private KvRequest value(byte[] message) {
        state = State.LINE;
        return new KvRequest.Put(grammar.takePending(), message);
    }

    private KvRequest line(byte[] message) {
        KvRequest r = grammar.line(message);
        if (r instanceof KvRequest.Violation) {
            state = State.DISCARD;
        } else if (r == null) {
            state = grammar.awaiting() == KvVerbs.Follow.HASH ? State.HASH : State.VALUE;
        }
        return r;
    }
}
