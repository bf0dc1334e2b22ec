package dev.courier.bench.load;

import io.netty.buffer.ByteBuf;

/** The wire protocol a load generator speaks: how a request is written and how answers are counted. */
public interface Driver {
    /** The protocol's name, as printed. */
    String name();

    /** Writes what opens a session (KV: CONNECT and the hash; RESP: nothing) for connection {@code index}. */
    void writeOpen(int index, ByteBuf out);

    /** Whether {@link #writeOpen} expects one answer before requests may follow. */
    boolean opensWithAnswer();

    /** Writes what ends a session politely (KV: DISCONNECT; RESP: QUIT). */
    void writeClose(ByteBuf out);

    /** Writes one request. */
    void writeRequest(Op op, byte[] key, byte[] value, ByteBuf out);

    /** A parser of one connection's answers (parsers keep state between reads). */
    Parser newParser();

    /** Counts complete answers in a stream. */
    interface Parser {
        /**
         * Consumes whole answers from {@code in} and returns how many; leaves a partial answer unread.
         * Returns -1 when the bytes are not an answer this driver expects (the run reports an error).
         */
        int parse(ByteBuf in);

        /** Answers so far that were errors (KV {@code ...: ERROR}, RESP {@code -ERR}). */
        long errors();
    }
}
