package dev.courier.kv.record;

import dev.courier.kv.protocol.Edition;
import dev.courier.kv.protocol.KvGrammar;
import dev.courier.kv.protocol.KvRequest;
import dev.courier.kv.protocol.KvRequestDecoder;
import dev.courier.kv.protocol.KvVerbs;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.Arrays;

/**
 * Reads KV requests of the record dialect: the plaintext between two {@link RecordEnd} events is one message, with
 * no LF at its end. {@code CONNECT id} is one record and (TLS edition) the 32 hash bytes the next; {@code PUT key}
 * LF value is one record, split at its first LF; every other command is one record holding no LF. Each part is held
 * to the LF dialect's limit as the message it would be there (its bytes plus the LF this dialect leaves off).
 * Anything else is one {@link KvRequest.Violation}, after which every further byte is discarded. A record that
 * decodes to nothing (a TLS handshake or alert record) is no message.
 */
public final class KvRecordRequestDecoder extends ChannelInboundHandlerAdapter {
    private final int maxMessageBytes;
    private final KvGrammar grammar;
    private final RecordGather gather;
    private boolean discarding;

    /** A decoder for one connection speaking {@code edition}, with messages of at most {@code maxMessageBytes}. */
    public KvRecordRequestDecoder(int maxMessageBytes, Edition edition) {
        this.maxMessageBytes = maxMessageBytes;
        this.grammar = new KvGrammar(edition);
        this.gather = new RecordGather(KvRecords.maxRecordBytes(maxMessageBytes));
    }

    /** Whether part of a request has arrived and the rest not yet: a drain waits for it. */
    public boolean midRequest() {
        return grammar.awaiting() != KvVerbs.Follow.NONE || !gather.isEmpty();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            if (!discarding) {
                gather.add(in);
            }
        } finally {
            in.release();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt != RecordEnd.INSTANCE) {
            super.userEventTriggered(ctx, evt);
            return;
        }
        if (discarding || gather.isEmpty()) {
            return;
        }
        KvRequest r = message();
        if (r instanceof KvRequest.Violation) {
            discarding = true;
        }
        if (r != null) {
            ctx.fireChannelRead(r);
        }
    }

    /** The request the record just ended makes, a violation, or null (a CONNECT line: its hash comes next). */
    private KvRequest message() {
        long length = gather.seen();
        boolean oversized = gather.oversized();
        byte[] record = gather.take();
        if (grammar.awaiting() == KvVerbs.Follow.HASH) {
            if (length != KvRequestDecoder.HASH_BYTES) {
                return new KvRequest.Violation("a hash record of " + length + " bytes, not "
                        + KvRequestDecoder.HASH_BYTES);
            }
            return new KvRequest.Connect(grammar.takePending(), record);
        }
        if (oversized) {
            return tooLong();
        }
        int lf = indexOfLf(record);
        byte[] line = lf < 0 ? record : Arrays.copyOf(record, lf);
        if (line.length + 1 > maxMessageBytes) {
            return tooLong();
        }
        if (lf >= 0 && KvVerbs.match(line) != KvVerbs.PUT) {
            // Only a PUT record joins two messages; an LF anywhere else would be a line the LF dialect never sends.
            return new KvRequest.Violation("an LF inside a record other than PUT's");
        }
        KvRequest r = grammar.line(line);
        if (r != null || grammar.awaiting() != KvVerbs.Follow.VALUE) {
            return r;
        }
        if (lf < 0) {
            return new KvRequest.Violation("a PUT record without the LF before its value");
        }
        byte[] value = Arrays.copyOfRange(record, lf + 1, record.length);
        if (value.length + 1 > maxMessageBytes) {
            return tooLong();
        }
        return new KvRequest.Put(grammar.takePending(), value);
    }

    private KvRequest tooLong() {
        return new KvRequest.Violation("message longer than " + maxMessageBytes + " bytes");
    }

    private static int indexOfLf(byte[] b) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
