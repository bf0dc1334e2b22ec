package dev.courier.core.net;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** Closes new connections at once while a listener already holds its maximum. */
@Sharable
public final class ConnectionLimiter extends ChannelInboundHandlerAdapter {
    private final int max;
    private final AtomicInteger open = new AtomicInteger();
    private final LongAdder refused = new LongAdder();

    /** A limiter that admits at most {@code max} open connections. */
    public ConnectionLimiter(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max connections must be at least 1, was " + max);
        }
        this.max = max;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (open.incrementAndGet() > max) {
            open.decrementAndGet();
            refused.increment();
            // Not counted as open: closing here must not decrement again.
            ctx.pipeline().remove(this);
            ctx.close();
            return;
        }
        ctx.channel().closeFuture().addListener(f -> open.decrementAndGet());
        ctx.pipeline().remove(this);
        super.channelActive(ctx);
    }

    /** Connections open now. */
    public int open() {
        return open.get();
    }

    /** Connections refused since start. */
    public long refused() {
        return refused.sum();
    }
}
