package dev.courier.kv.rsa;

import dev.courier.kv.record.RecordEnd;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.channels.ClosedChannelException;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RSA edition's front door, in place of TLS: exchanges PEM public keys (the client's first), then turns
 * inbound blocks into plaintext and outbound plaintext into blocks ({@link RsaBlockCodec}). Writes made before the
 * exchange completes are queued. Decryption is CPU work done on the connection's event loop, at most a bounded
 * number of blocks per turn; while blocks wait, the channel stops reading, so neither memory nor other
 * connections on the loop pay for a fast sender.
 */
public final class RsaFrontHandler extends ChannelDuplexHandler {
    /** Which end of the exchange this handler is. */
    public enum Side {
        /** Sends its key first, on connect. */
        CLIENT,
        /** Answers the client's key with its own. */
        SERVER
    }

    private enum State { EXCHANGE, READY, FAILED }

    private record Queued(ByteBuf text, ChannelPromise promise) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(RsaFrontHandler.class);
    /** Default bound on the peer's PEM key, in bytes: a 4096-bit key's PEM is under 1 KiB. */
    public static final int DEFAULT_MAX_PEM_BYTES = 16 * 1024;
    /**
     * Blocks of a 512-bit key decrypted per turn of the event loop; a larger key gets fewer, by the square of its
     * size (at least one), so a turn costs about the same whatever the key.
     */
    public static final int DECRYPT_BLOCKS_PER_TURN_512 = 16;
    private static final int BLOCK_BYTES_512 = 64;

    private final Side side;
    private final KeyPair own;
    private final PemKeyReader pemReader;
    private final Duration exchangeTimeout;
    private final Runnable onViolation;
    /** The record dialect: each block is one message, each message one block, no short-block rule. */
    private final boolean records;
    private final Queue<Queued> queued = new ArrayDeque<>();
    private State state = State.EXCHANGE;
    private ByteBuf cumulation;
    private RsaBlockCodec codec;
    private int blocksPerTurn;
    private boolean backlogged;
    private boolean savedAutoRead;
    private boolean readRequested;
    private boolean drainScheduled;
    private ScheduledFuture<?> exchangeTimer;

    /**
     * A handler for one connection.
     *
     * @param own             this side's key pair
     * @param maxPemBytes     most bytes the peer's PEM key may take
     * @param exchangeTimeout time for the peer's key to arrive, or null to leave it to a later handler
     * @param onViolation     called once when the peer breaks the framing (for the server's counters)
     */
    public RsaFrontHandler(Side side, KeyPair own, int maxPemBytes, Duration exchangeTimeout, Runnable onViolation) {
        this(side, own, maxPemBytes, exchangeTimeout, onViolation, false);
    }

    /**
     * As the other constructor; {@code records}: speak the record dialect, where each inbound block is one message
     * (its text is followed by {@link RecordEnd}) and each outbound write is sealed as its own block.
     */
    public RsaFrontHandler(Side side, KeyPair own, int maxPemBytes, Duration exchangeTimeout, Runnable onViolation,
                           boolean records) {
        this.records = records;
        if (!(own.getPublic() instanceof RSAPublicKey)) {
            throw new IllegalArgumentException("an RSA key pair is needed");
        }
        this.side = side;
        this.own = own;
        this.pemReader = new PemKeyReader(maxPemBytes);
        this.exchangeTimeout = exchangeTimeout;
        this.onViolation = onViolation;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (side == Side.CLIENT) {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(RsaKeys.pemBytes((RSAPublicKey) own.getPublic())));
        }
        if (exchangeTimeout != null && !exchangeTimeout.isZero()) {
            exchangeTimer = ctx.executor().schedule(() -> {
                if (state == State.EXCHANGE) {
                    fail(ctx, new RsaProtocolException("no RSA public key from the peer within "
                            + exchangeTimeout.toMillis() + " ms"));
                }
            }, exchangeTimeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (state == State.FAILED) {
            in.release();
            return;
        }
        cumulation = cumulation == null ? in : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), cumulation, in);
        try {
            if (state == State.EXCHANGE) {
                RSAPublicKey peer = pemReader.read(cumulation);
                if (peer == null) {
                    return;
                }
                exchanged(ctx, peer);
            }
            decryptTurn(ctx);
        } catch (RsaProtocolException e) {
            fail(ctx, e);
        }
    }

    private void exchanged(ChannelHandlerContext ctx, RSAPublicKey peer) {
        codec = new RsaBlockCodec(own.getPrivate(), peer);
        int k = codec.blockBytes();
        blocksPerTurn = Math.max(1, DECRYPT_BLOCKS_PER_TURN_512 * BLOCK_BYTES_512 * BLOCK_BYTES_512 / (k * k));
        if (exchangeTimer != null) {
            exchangeTimer.cancel(false);
        }
        if (side == Side.SERVER) {
            ctx.write(Unpooled.wrappedBuffer(RsaKeys.pemBytes((RSAPublicKey) own.getPublic())));
        }
        state = State.READY;
        LOG.debug("{} keys exchanged: ours {} bits, the peer's {} bits", ctx.channel(), k * 8,
                peer.getModulus().bitLength());
        Queued q;
        while ((q = queued.poll()) != null) {
            writeBlocks(ctx, q.text(), q.promise());
        }
        ctx.flush();
    }

    /** Decrypts at most one turn's worth of whole blocks; any more wait for a task of their own, reading paused. */
    private void decryptTurn(ChannelHandlerContext ctx) {
        int k = codec.blockBytes();
        if (records) {
            decryptRecords(ctx);
            if (cumulation == null) {
                return;
            }
            setBacklog(ctx, cumulation.readableBytes() >= k);
            return;
        }
        ByteBuf text = null;
        try {
            for (int n = 0; n < blocksPerTurn && cumulation.readableBytes() >= k; n++) {
                if (text == null) {
                    text = ctx.alloc().buffer(Math.min(cumulation.readableBytes(), blocksPerTurn * k));
                }
                codec.decryptBlock(cumulation, text);
            }
        } catch (RsaProtocolException e) {
            ReferenceCountUtil.release(text);
            throw e;
        }
        cumulation.discardSomeReadBytes();
        if (text != null) {
            ctx.fireChannelRead(text);
            if (cumulation == null) {
                // A later handler closed the connection, and it is already gone.
                return;
            }
        }
        setBacklog(ctx, cumulation.readableBytes() >= k);
    }

    /** Decrypts at most one turn's worth of blocks, each handed on as one message followed by {@link RecordEnd}. */
    private void decryptRecords(ChannelHandlerContext ctx) {
        int k = codec.blockBytes();
        for (int n = 0; n < blocksPerTurn && cumulation != null && cumulation.readableBytes() >= k; n++) {
            ByteBuf text = ctx.alloc().buffer(k);
            try {
                codec.decryptBlock(cumulation, text, false);
            } catch (RsaProtocolException e) {
                text.release();
                throw e;
            }
            ctx.fireChannelRead(text);
            ctx.fireUserEventTriggered(RecordEnd.INSTANCE);
        }
        if (cumulation != null) {
            cumulation.discardSomeReadBytes();
        }
    }

    /** Whether whole blocks still wait: then reading pauses and a task decrypts the next turn's worth. */
    private void setBacklog(ChannelHandlerContext ctx, boolean more) {
        setBacklogged(ctx, more);
        if (more && !drainScheduled) {
            drainScheduled = true;
            ctx.executor().execute(() -> drain(ctx));
        }
    }

    private void drain(ChannelHandlerContext ctx) {
        drainScheduled = false;
        if (state != State.READY || cumulation == null) {
            return;
        }
        try {
            decryptTurn(ctx);
            ctx.fireChannelReadComplete();
        } catch (RsaProtocolException e) {
            fail(ctx, e);
        }
    }

    private void setBacklogged(ChannelHandlerContext ctx, boolean b) {
        if (b == backlogged) {
            return;
        }
        backlogged = b;
        ChannelConfig config = ctx.channel().config();
        if (b) {
            savedAutoRead = config.isAutoRead();
            config.setAutoRead(false);
        } else {
            config.setAutoRead(savedAutoRead);
            if (readRequested) {
                readRequested = false;
                ctx.read();
            }
        }
    }

    @Override
    public void read(ChannelHandlerContext ctx) {
        // A decoder further on asks for more when it has no whole message; not while blocks still wait here.
        if (backlogged) {
            readRequested = true;
        } else {
            ctx.read();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        ctx.fireChannelWritabilityChanged();
        if (backlogged) {
            // A later handler may have turned reading back on; it gets its wish once the backlog is gone.
            savedAutoRead = ctx.channel().config().isAutoRead();
            ctx.channel().config().setAutoRead(false);
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof ByteBuf text) || !text.isReadable()) {
            // An empty buffer carries no text (a close drains with one); it must not wait for the exchange.
            ctx.write(msg, promise);
            return;
        }
        switch (state) {
            case EXCHANGE -> queued.add(new Queued(text, promise));
            case READY -> writeBlocks(ctx, text, promise);
            default -> {
                text.release();
                promise.tryFailure(new ClosedChannelException());
            }
        }
    }

    private void writeBlocks(ChannelHandlerContext ctx, ByteBuf text, ChannelPromise promise) {
        ByteBuf blocks;
        try {
            int pieces = (text.readableBytes() + codec.heldBack()) / (codec.peerBlockBytes() - RsaKeys.PADDING_BYTES)
                    + 1;
            blocks = ctx.alloc().buffer(pieces * codec.peerBlockBytes());
            if (records) {
                codec.encryptRecord(text, blocks);
            } else {
                codec.encrypt(text, blocks);
            }
        } finally {
            text.release();
        }
        ctx.write(blocks, promise);
    }


    private void fail(ChannelHandlerContext ctx, RsaProtocolException e) {
        if (state == State.FAILED) {
            return;
        }
        state = State.FAILED;
        LOG.debug("{} RSA edition framing broken: {}", ctx.channel(), e.getMessage());
        onViolation.run();
        // The cause goes first: failing a queued write on a void promise fires an exception of its own.
        ctx.fireExceptionCaught(e);
        release(e);
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (exchangeTimer != null) {
            exchangeTimer.cancel(false);
        }
        if (state == State.READY && cumulation != null && cumulation.readableBytes() % codec.blockBytes() != 0) {
            LOG.debug("{} closed with a partial block ({} bytes left over)", ctx.channel(),
                    cumulation.readableBytes() % codec.blockBytes());
            onViolation.run();
        } else if (state == State.EXCHANGE && cumulation != null && cumulation.isReadable()) {
            LOG.debug("{} closed in the middle of its PEM key", ctx.channel());
        }
        state = State.FAILED;
        super.channelInactive(ctx);
        release(new ClosedChannelException());
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        release(new ClosedChannelException());
    }

    private void release(Throwable cause) {
        if (cumulation != null) {
            cumulation.release();
            cumulation = null;
        }
        Queued q;
        while ((q = queued.poll()) != null) {
            q.text().release();
            q.promise().tryFailure(cause);
        }
    }
}
