package dev.courier.transfer.server;

import dev.courier.core.net.Drain;
import dev.courier.transfer.protocol.FrameHeaders;
import dev.courier.transfer.protocol.Trailer;
import dev.courier.transfer.protocol.TransferFrame;
import dev.courier.transfer.protocol.TransferFrameDecoder;
import dev.courier.transfer.protocol.TransferProtocol;
import dev.courier.transfer.protocol.TransferReply;
import dev.courier.transfer.store.Body;
import dev.courier.transfer.store.ConnectionMemory;
import dev.courier.transfer.store.MemoryBody;
import dev.courier.transfer.store.SpoolFile;
import dev.courier.transfer.store.StoreRefusal;
import io.netty.buffer.ByteBuf;
import java.security.MessageDigest;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's receiving state machine (spec sections 3 to 5), on its event loop: checks CRC-32s, asks for
 * growing chunks, has bodies hashed and stored by the serial disk executor, verifies SHA-256s, and delivers after
 * the trailer. Frame {@code j} is acknowledged once chunk {@code j-1} is stored, so the disk overlaps the network
 * and at most two chunks of a connection are in memory. Both are charged to the connection's memory: a chunk
 * asked for is reserved before its {@code ACK n} goes out (asking for less when the budget is short), and given
 * back once stored; a body held in memory charges its own growth.
 */
final class MessageFlow {
    private static final Logger LOG = LoggerFactory.getLogger(MessageFlow.class);

    private final TransferServerHandler.Shared shared;
    private final TransferFrameDecoder decoder;
    private final Conversation conv;
    private final SerialExecutor disk;
    private final ConnectionMemory memory;
    private Incoming msg;
    private int nacks;

    MessageFlow(TransferServerHandler.Shared shared, TransferFrameDecoder decoder, Conversation conv,
                ConnectionMemory memory) {
        this.shared = shared;
        this.memory = memory;
        this.decoder = decoder;
        this.conv = conv;
        this.disk = new SerialExecutor(shared.disk());
    }

    void first(TransferFrame.First f) {
        ByteBuf chunk = f.chunk();
        if (conv.finished()) {
            chunk.release();
            return;
        }
        if (f.size() > shared.limits().maxSize()) {
            chunk.release();
            conv.refuse("too large: " + f.size() + " bytes, the limit is " + shared.limits().maxSize());
            return;
        }
        drop();
        if (FrameHeaders.crc(chunk) != f.crc()) {
            chunk.release();
            nack(TransferReply.NACK1, decoder::expectFirst);
            return;
        }
        // Nothing is allocated from the announced size: a body in memory grows as its bytes arrive.
        Body body = f.size() <= shared.limits().maxTextBytes()
                ? new MemoryBody(f.size(), shared.directory(), memory) : new SpoolFile(shared.directory(), f.size());
        msg = new Incoming(f.size(), f.sha256(), body, shared.stats().spills);
        shared.stats().inFlight.increment();
        accept(chunk, 0);
    }

    void next(TransferFrame.Next n) {
        ByteBuf chunk = n.chunk();
        if (conv.finished() || msg == null) {
            chunk.release();
            return;
        }
        if (FrameHeaders.crc(chunk) != n.crc()) {
            int size = chunk.readableBytes();
            chunk.release();
            // Asked again for the same size: its reservation stays.
            nack(TransferReply.NACK1, () -> decoder.expectChunk(size));
            return;
        }
        long reserved = msg.reserved;
        msg.reserved = 0;
        accept(chunk, reserved);
    }

    /** Stores the chunk; its {@code reserved} bytes are given back once it is stored (or dropped). */
    private void accept(ByteBuf chunk, long reserved) {
        Incoming m = msg;
        CompletableFuture<Object> write = disk.submit(() -> {
            try {
                return m.append(chunk);
            } finally {
                memory.release(reserved);
            }
        });
        // The first chunk waits for its own write: opening the body checks the disk, and a refusal then
        // answers the first frame. Later chunks wait only for the chunk before them.
        CompletableFuture<Object> before = m.received == 0 ? write : m.lastWrite;
        m.lastWrite = write;
        m.received += chunk.readableBytes();
        conv.hold();
        if (m.received == m.size) {
            conv.onLoop(disk.submit(m::digest), (digest, e) -> verified(m, digest, e));
            return;
        }
        int n = reserve(m, m.nextChunk(shared.limits().maxChunkBytes()));
        conv.onLoop(write, (v, e) -> failed(e));
        conv.onLoop(before, (v, e) -> {
            if (e != null) {
                failed(e);
            } else if (!conv.finished() && msg == m) {
                decoder.expectChunk(n);
                conv.reply(new TransferReply.Next(n));
            }
        });
    }

    /**
     * Reserves memory for a chunk of {@code n} bytes before asking for it, halving while the budget refuses. A
     * chunk of up to {@link TransferProtocol#FIRST_CHUNK_BYTES} is never charged: like the first frame, it is the
     * fixed part of a connection's decoder buffer.
     */
    private int reserve(Incoming m, int n) {
        int want = n;
        while (want > TransferProtocol.FIRST_CHUNK_BYTES && !memory.tryCharge(want)) {
            want /= 2;
        }
        if (want > TransferProtocol.FIRST_CHUNK_BYTES) {
            m.reserved = want;
        }
        m.granted(want);
        return want;
    }

    private void verified(Incoming m, byte[] digest, Throwable e) {
        if (e != null) {
            failed(e);
        } else if (conv.finished() || msg != m) {
            return;
        } else if (MessageDigest.isEqual(digest, m.sha256)) {
            m.complete = true;
            decoder.expectTrailer();
            conv.reply(TransferReply.ACK);
        } else {
            drop();
            nack(TransferReply.NACK2, decoder::expectFirst);
        }
    }

    /** Answers a NACK after setting what comes next, or refuses once the message had its NACKs. */
    private void nack(TransferReply r, Runnable expectNext) {
        if (nacks >= shared.limits().maxNacks()) {
            conv.refuse("too many NACKs: " + nacks + " for one message");
            return;
        }
        nacks++;
        (r == TransferReply.NACK1 ? shared.stats().nack1 : shared.stats().nack2).increment();
        expectNext.run();
        conv.reply(r);
    }

    void trailer(Trailer t) {
        Incoming m = msg;
        if (conv.finished() || m == null || !m.complete) {
            conv.refuse("trailer before a complete body");
            return;
        }
        conv.hold();
        if (!shared.deliveries().reserve()) {
            conv.refuse("receiver busy: too many messages not yet taken");
            return;
        }
        conv.onLoop(disk.submit(() -> shared.finisher().finish(m, t)), (delivered, e) -> {
            if (e != null) {
                shared.deliveries().unreserve();
                failed(e);
                return;
            }
            // Delivered even if the sender is gone by now: the message is whole, verified and in place.
            shared.deliveries().deliver(delivered);
            shared.stats().messages.increment();
            shared.stats().countDelivered(delivered.message().kind());
            shared.stats().bytes.add(m.size);
            if (msg == m) {
                msg = null;
                shared.stats().inFlight.decrement();
            }
            nacks = 0;
            if (!conv.finished()) {
                decoder.expectFirst();
                conv.reply(TransferReply.ACK);
            }
        });
    }

    private void failed(Throwable e) {
        if (e == null || conv.finished()) {
            return;
        }
        if (e instanceof StoreRefusal r) {
            conv.refuse(r.getMessage());
        } else {
            LOG.warn("cannot store a body: {}", e.toString());
            conv.refuse("cannot store the body");
        }
    }

    /**
     * What the connection is in the middle of, in words for the drain's log line ("1.2 GiB of 2.0 GiB"), or null
     * between messages. A message the sender must send again after a NACK 2 is still in flight.
     */
    String inFlight() {
        Incoming m = msg;
        if (m != null) {
            return m.complete ? Drain.bytes(m.size) + " received whole, not yet delivered"
                    : Drain.bytes(m.received) + " of " + Drain.bytes(m.size);
        }
        return nacks > 0 ? "a message to be sent again after a NACK" : null;
    }

    /** Drops the message in progress; its body is discarded after any write still queued. */
    void drop() {
        Incoming m = msg;
        msg = null;
        if (m != null) {
            shared.stats().inFlight.decrement();
            memory.release(m.reserved);
            m.reserved = 0;
            disk.submit(m::discard);
        }
    }
}
