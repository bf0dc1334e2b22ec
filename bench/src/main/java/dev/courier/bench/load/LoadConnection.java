package dev.courier.bench.load;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * One load connection: opens its session, then keeps up to {@code pipeline} requests in flight while the shared
 * budget lasts, recording each answer's latency from its intended send time (so a stalled server shows in the
 * tail instead of slowing the schedule: no coordinated omission in constant-rate mode).
 */
final class LoadConnection extends ByteToMessageDecoder {
    private final Driver driver;
    private final Driver.Parser parser;
    private final LoadSpec spec;
    private final Budget budget;
    private final int index;
    private int prefillLeft;
    private int prefillInflight;
    private long errorsBefore;
    private static final int PREFILL_DEPTH = 32;
    private final byte[] value;
    private final SplittableRandom random;
    private final long[] starts;
    private final Histogram histogram = new Histogram(3_600_000_000L, 3);
    private final CompletableFuture<Void> opened = new CompletableFuture<>();
    private final CompletableFuture<LoadConnection> finished = new CompletableFuture<>();
    private ChannelHandlerContext ctx;
    private int head;
    private int inflight;
    private long completed;
    private long nextKey;
    private boolean running;
    private boolean awaitingOpen;
    private long rateStart;
    private long rateIssued;
    private long backlog;
    private long sent;
    /** The digits of the key's number start here; before them, the client's own prefix. */
    private static final int KEY_DIGITS_AT = "c00000:".length();
    private final byte[] keyBuf;
    private ScheduledFuture<?> ticker;

    LoadConnection(Driver driver, LoadSpec spec, Budget budget, int index, int prefill, long seed) {
        this.driver = driver;
        this.parser = driver.newParser();
        this.spec = spec;
        this.budget = budget;
        this.index = index;
        this.prefillLeft = prefill;
        // By place among this test's clients: a later test (another connection) reuses, not adds, keys.
        this.keyBuf = keyOf(index % spec.clients(), 0);
        this.value = "x".repeat(spec.dataSize()).getBytes(StandardCharsets.US_ASCII);
        this.random = new SplittableRandom(seed);
        this.starts = new long[Integer.highestOneBit(Math.max(1, spec.pipeline()) * 2 - 1) << 1];
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        this.ctx = ctx;
        ByteBuf out = ctx.alloc().buffer();
        driver.writeOpen(index, out);
        awaitingOpen = driver.opensWithAnswer();
        ctx.writeAndFlush(out);
        if (!awaitingOpen) {
            prefill();
        }
        super.channelActive(ctx);
    }

    CompletableFuture<Void> opened() {
        return opened;
    }

    CompletableFuture<LoadConnection> finished() {
        return finished;
    }

    /** Starts sending (call on any thread). */
    void start() {
        ctx.executor().execute(() -> {
            running = true;
            if (spec.rate() > 0) {
                rateStart = System.nanoTime();
                ticker = ctx.executor().scheduleAtFixedRate(this::tick, 0, 1, TimeUnit.MILLISECONDS);
            } else {
                pump();
            }
        });
    }

    private void tick() {
        double perConnection = spec.rate() / spec.clients();
        long due = (long) ((System.nanoTime() - rateStart) / 1e9 * perConnection);
        while (rateIssued < due && budget.take()) {
            rateIssued++;
            backlog++;
        }
        if (backlog == 0 && !budget.more() && inflight == 0) {
            finish();
            return;
        }
        pump();
    }

    private void pump() {
        boolean wrote = false;
        while (running && inflight < spec.pipeline()) {
            long start;
            if (spec.rate() > 0) {
                if (backlog == 0) {
                    break;
                }
                backlog--;
                start = rateStart + (long) (sent * 1e9 / (spec.rate() / spec.clients()));
            } else {
                if (!budget.take()) {
                    break;
                }
                start = System.nanoTime();
            }
            ByteBuf out = ctx.alloc().buffer(64 + value.length);
            Op op = spec.putShare() >= 1 || (spec.putShare() > 0 && random.nextDouble() < spec.putShare()) ? Op.PUT : Op.GET;
            driver.writeRequest(op, key(), value, out);
            ctx.write(out, ctx.voidPromise());
            starts[(head + inflight) & (starts.length - 1)] = start;
            inflight++;
            sent++;
            wrote = true;
        }
        if (wrote) {
            ctx.flush();
        }
        if (running && inflight == 0 && spec.rate() == 0 && !budget.more()) {
            finish();
        }
    }

    /**
     * Key number {@code k} of client {@code index}: {@code c00017:000000000042}. Every client has keys of its own
     * on every server: a KV session is a namespace of its own, and the prefix gives Redis's one keyspace the
     * same number of keys (clients × keyspace), so both servers hold the same data.
     */
    static byte[] keyOf(int index, long k) {
        return String.format("c%05d:%012d", index % 100_000, k).getBytes(StandardCharsets.US_ASCII);
    }

    private byte[] key() {
        long k = prefillLeft > 0 || prefillInflight > 0 ? nextKey++ % spec.keyspace() : random.nextInt(spec.keyspace());
        // The driver copies the key into its buffer at once, so one array serves every request.
        for (int i = keyBuf.length - 1; i >= KEY_DIGITS_AT; i--) {
            keyBuf[i] = (byte) ('0' + k % 10);
            k /= 10;
        }
        return keyBuf;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int n = parser.parse(in);
        if (n < 0) {
            finished.completeExceptionally(new IllegalStateException(
                    "unexpected answer from the server on connection " + index));
            ctx.close();
            return;
        }
        if (awaitingOpen && n > 0) {
            awaitingOpen = false;
            n--;
            prefill();
        }
        if (prefillInflight > 0) {
            int m = Math.min(n, prefillInflight);
            prefillInflight -= m;
            n -= m;
            prefill();
        }
        long now = System.nanoTime();
        for (int i = 0; i < n && inflight > 0; i++) {
            long micros = Math.max(0, (now - starts[head]) / 1000);
            histogram.recordValue(Math.min(micros, histogram.getHighestTrackableValue()));
            head = (head + 1) & (starts.length - 1);
            inflight--;
            completed++;
        }
        if (n > 0) {
            pump();
        }
    }

    /** Stores this connection's share of the keyspace before the test starts, so that GETs find values. */
    private void prefill() {
        boolean wrote = false;
        while (prefillLeft > 0 && prefillInflight < PREFILL_DEPTH) {
            ByteBuf out = ctx.alloc().buffer(64 + value.length);
            driver.writeRequest(Op.PUT, key(), value, out);
            ctx.write(out, ctx.voidPromise());
            prefillLeft--;
            prefillInflight++;
            wrote = true;
        }
        if (wrote) {
            ctx.flush();
        }
        if (prefillLeft == 0 && prefillInflight == 0 && !opened.isDone()) {
            errorsBefore = parser.errors();
            opened.complete(null);
        }
    }

    private void finish() {
        running = false;
        if (ticker != null) {
            ticker.cancel(false);
        }
        finished.complete(this);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        opened.completeExceptionally(new IllegalStateException("connection " + index + " closed while opening"));
        if (running) {
            finished.completeExceptionally(new IllegalStateException("connection " + index + " closed by the server"));
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        opened.completeExceptionally(cause);
        finished.completeExceptionally(cause);
        ctx.close();
    }

    Histogram histogram() {
        return histogram;
    }

    long completed() {
        return completed;
    }

    long errors() {
        return parser.errors() - errorsBefore;
    }

    /** Ends the session politely (the server answers and closes); completes when the connection is closed. */
    CompletableFuture<Void> close() {
        CompletableFuture<Void> closed = new CompletableFuture<>();
        ctx.channel().closeFuture().addListener(f -> closed.complete(null));
        ctx.executor().execute(() -> {
            ByteBuf out = ctx.alloc().buffer();
            driver.writeClose(out);
            ctx.writeAndFlush(out);
        });
        return closed;
    }
}
