package dev.courier.transfer.server;

import dev.courier.core.net.Drain;
import dev.courier.transfer.FileNames;
import dev.courier.transfer.protocol.FrameHeaders;
import dev.courier.transfer.protocol.Trailer;
import dev.courier.transfer.protocol.TransferFrame;
import dev.courier.transfer.protocol.TransferFrameDecoder;
import dev.courier.transfer.protocol.TransferProtocol;
import dev.courier.transfer.protocol.TransferReply;
import dev.courier.transfer.store.Body;
import dev.courier.transfer.store.ConnectionMemory;
import dev.courier.transfer.store.MemoryBody;
import dev.courier.transfer.store.PartialBody;
import dev.courier.transfer.store.PartialStore;
import dev.courier.transfer.store.SpoolFile;
import dev.courier.transfer.store.StoreRefusal;
import io.netty.buffer.ByteBuf;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
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
 *
 * <p>Courier's extensions (docs/transfer-protocol.md): a {@code RESUME} announces the next message and may start
 * it past its first frame, from a partial the store kept; a {@code TREE} places a folder root that later
 * {@code FILE root/...} trailers of this connection may go under.
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
    /** The message a RESUME announced, until its trailer is answered. */
    private Announced announced;
    /** Folder roots placed by this connection's TREE lines. */
    private final ConnectionTrees trees;

    /** A RESUME's file: what its first frame and trailer must match, and the body it continues (null: a fresh one). */
    private static final class Announced {
        final long size;
        final byte[] sha256;
        final String name;
        Body body;

        Announced(long size, byte[] sha256, String name, Body body) {
            this.size = size;
            this.sha256 = sha256;
            this.name = name;
            this.body = body;
        }
    }

    MessageFlow(TransferServerHandler.Shared shared, TransferFrameDecoder decoder, Conversation conv,
                ConnectionMemory memory) {
        this.shared = shared;
        this.memory = memory;
        this.decoder = decoder;
        this.conv = conv;
        this.disk = new SerialExecutor(shared.disk());
        this.trees = new ConnectionTrees(shared);
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
        dropMessage();
        Announced a = announced;
        if (a != null && (f.size() != a.size || !MessageDigest.isEqual(f.sha256(), a.sha256))) {
            chunk.release();
            conv.refuse("bad header: size or SHA-256 differ from the RESUME line");
            return;
        }
        if (FrameHeaders.crc(chunk) != f.crc()) {
            chunk.release();
            nack(TransferReply.NACK1, decoder::expectFirst);
            return;
        }
        // Nothing is allocated from the announced size: a body in memory grows as its bytes arrive.
        Body body = a != null && a.body != null ? a.body : f.size() <= shared.limits().maxTextBytes()
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
            Announced a = announced;
            if (a != null && a.body instanceof PartialBody p && m.body() == p) {
                // The partial is the file's own: start it again from nothing rather than dropping it.
                msg = null;
                shared.stats().inFlight.decrement();
                memory.release(m.reserved);
                m.reserved = 0;
                disk.submit(() -> {
                    p.restart();
                    return null;
                });
            } else {
                if (a != null) {
                    a.body = null;
                }
                dropMessage();
            }
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

    /**
     * {@code RESUME size sha256 name}: announces a file message and answers {@code OK offset} (0: send its first
     * frame) or {@code OK offset n} (send a later frame of the {@code n} bytes from {@code offset}), from the
     * partial kept for this sender (its {@code Peer.senderId()}), name, size and SHA-256. A partial whose file
     * changed is dropped (offset 0).
     */
    void resume(long size, byte[] sha256, String name, String sender) {
        if (conv.finished()) {
            return;
        }
        if (msg != null || announced != null) {
            conv.refuse("bad extension: RESUME while a message is in progress");
            return;
        }
        Optional<String> problem = name.indexOf('/') >= 0 ? trees.pathProblem(name) : FileNames.problem(name);
        if (problem.isPresent()) {
            conv.refuse("bad file name: " + problem.get());
            return;
        }
        if (size > shared.limits().maxSize()) {
            conv.refuse("too large: " + size + " bytes, the limit is " + shared.limits().maxSize());
            return;
        }
        conv.hold();
        PartialStore partials = shared.partials();
        PartialStore.Key key = new PartialStore.Key(sender, name, size, HexFormat.of().formatHex(sha256));
        CompletableFuture<PartialStore.Offer> offer = disk.submit(() -> partials == null
                ? new PartialStore.Offer(0, null) : partials.offer(key, shared.directory()));
        conv.onLoop(offer, (o, e) -> {
            if (e != null) {
                failed(e);
                return;
            }
            if (conv.finished()) {
                if (o.body() != null) {
                    disk.submit(() -> {
                        o.body().discard();
                        return null;
                    });
                }
                return;
            }
            announced = new Announced(size, sha256, name, o.body());
            if (o.offset() == 0) {
                decoder.expectFirst();
                conv.reply(ok("0"));
                return;
            }
            LOG.debug("{} resumes a file of {} bytes at {}", sender, size, o.offset());
            shared.stats().resumes.increment();
            Incoming m = new Incoming(size, sha256, o.body(), shared.stats().spills);
            m.received = o.offset();
            msg = m;
            shared.stats().inFlight.increment();
            int n = reserve(m, m.nextChunk(shared.limits().maxChunkBytes()));
            decoder.expectChunk(n);
            conv.reply(ok(o.offset() + " " + n));
        });
    }

    /**
     * {@code TREE files bytes root}: places a folder root under the target directory (a free name: {@code root},
     * {@code root (1)}, ...) for this connection's {@code FILE root/...} trailers, and answers {@code OK placed}.
     */
    void tree(long files, long bytes, String root, String sender) {
        if (conv.finished()) {
            return;
        }
        if (msg != null || announced != null) {
            conv.refuse("bad extension: TREE while a message is in progress");
            return;
        }
        Optional<String> refusal = trees.refusal(files, root);
        if (refusal.isPresent()) {
            conv.refuse(refusal.get());
            return;
        }
        conv.hold();
        conv.onLoop(disk.submit(() -> trees.place(sender, root, files, bytes)), (t, e) -> {
            if (e != null) {
                failed(e);
            } else if (!conv.finished()) {
                trees.add(t);
                decoder.expectFirst();
                shared.stats().trees.increment();
                conv.reply(ok(Trailer.percentEncodeWord(t.placed)));
            }
        });
    }

    private static TransferReply ok(String args) {
        return new TransferReply.Ok(args);
    }

    void trailer(Trailer t) {
        Incoming m = msg;
        if (conv.finished() || m == null || !m.complete) {
            conv.refuse("trailer before a complete body");
            return;
        }
        Announced a = announced;
        if (a != null && !(t instanceof Trailer.File f && f.name().equals(a.name))) {
            conv.refuse("bad trailer: not the FILE the RESUME line named");
            return;
        }
        List<String> path = null;
        Trees.Tree tree = null;
        if (t instanceof Trailer.File f && f.name().indexOf('/') >= 0) {
            Optional<String> problem = trees.pathProblem(f.name());
            if (problem.isPresent()) {
                conv.refuse("bad file name: " + problem.get());
                return;
            }
            path = FileNames.segments(f.name());
            tree = trees.of(path);
        }
        conv.hold();
        if (!shared.deliveries().reserve()) {
            conv.refuse("receiver busy: too many messages not yet taken");
            return;
        }
        List<String> inTree = path;
        Trees.Tree counted = tree;
        String name = t instanceof Trailer.File f ? f.name() : null;
        conv.onLoop(disk.submit(() -> {
            if (counted != null && !shared.trees().count(counted, name, HexFormat.of().formatHex(m.sha256))) {
                // The same file of the tree again (its ACK was lost to a cut): it is in place already.
                if (m.body() instanceof PartialBody p) {
                    p.remove();
                } else {
                    m.discard();
                }
                return null;
            }
            try {
                return shared.finisher().finish(m, t, inTree);
            } catch (Exception x) {
                if (counted != null) {
                    shared.trees().uncount(counted, name);
                }
                throw x;
            }
        }), (delivered, e) -> {
            if (e != null) {
                shared.deliveries().unreserve();
                failed(e);
                return;
            }
            if (announced == a) {
                announced = null;
            }
            if (delivered == null) {
                shared.deliveries().unreserve();
            } else {
                // Delivered even if the sender is gone by now: the message is whole, verified and in place.
                shared.deliveries().deliver(delivered);
                shared.stats().messages.increment();
                shared.stats().countDelivered(delivered.message().kind());
                shared.stats().bytes.add(m.size);
            }
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

    /**
     * The connection ends: drops the message in progress and a RESUME's body not yet used (a partial keeps what
     * it has for a later resume).
     */
    void drop() {
        Announced a = announced;
        announced = null;
        dropMessage();
        if (a != null && a.body != null) {
            disk.submit(() -> {
                a.body.discard();
                return null;
            });
        }
    }

    /** Drops the message in progress; its body is discarded after any write still queued. */
    private void dropMessage() {
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
