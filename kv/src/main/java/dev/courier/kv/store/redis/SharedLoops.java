package dev.courier.kv.store.redis;

import io.lettuce.core.resource.EventLoopGroupProvider;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Gives the Redis clients the KV server's own event loops, one loop to each client in turn (a client asks once, when
 * it first connects), so that each loop has a connection to Redis of its own, on itself. The server owns the loops:
 * the clients never shut them down.
 */
final class SharedLoops implements EventLoopGroupProvider {
    private final EventLoopGroup group;
    private final List<EventExecutor> loops;
    private final AtomicInteger next = new AtomicInteger();

    SharedLoops(EventLoopGroup group, List<EventExecutor> loops) {
        this.group = group;
        this.loops = List.copyOf(loops);
    }

    /**
     * One loop, as the group the client asked for: a client keeps what it is given and only registers channels
     * with it, which a single loop does on itself.
     */
    @Override
    @SuppressWarnings("unchecked")
    public <T extends EventLoopGroup> T allocate(Class<T> type) {
        if (!type.isInstance(group)) {
            throw new IllegalStateException("the Redis client asks for " + type.getName() + ", the server runs "
                    + group.getClass().getName());
        }
        return (T) loops.get(Math.floorMod(next.getAndIncrement(), loops.size()));
    }

    @Override
    public int threadPoolSize() {
        return (int) group.spliterator().getExactSizeIfKnown();
    }

    @Override
    public Future<Boolean> release(EventExecutorGroup eventLoopGroup, long quietPeriod, long timeout, TimeUnit unit) {
        return ImmediateEventExecutor.INSTANCE.newSucceededFuture(true);
    }

    @Override
    public Future<Boolean> shutdown(long quietPeriod, long timeout, TimeUnit unit) {
        return ImmediateEventExecutor.INSTANCE.newSucceededFuture(true);
    }
}
