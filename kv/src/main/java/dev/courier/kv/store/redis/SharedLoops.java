package dev.courier.kv.store.redis;

import io.lettuce.core.resource.EventLoopGroupProvider;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Gives the Redis client the KV server's own event loops, so that a command issued by a connection's handler is
 * written without a hand-off to another thread, and its answer is handled on the loop that sends it on (no thread
 * wake-up either way when both share one loop). The server owns the loops: the client never shuts them down.
 */
final class SharedLoops implements EventLoopGroupProvider {
    private final EventLoopGroup group;

    SharedLoops(EventLoopGroup group) {
        this.group = group;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends EventLoopGroup> T allocate(Class<T> type) {
        if (!type.isInstance(group)) {
            throw new IllegalStateException("the Redis client asks for " + type.getName() + ", the server runs "
                    + group.getClass().getName());
        }
        return (T) group;
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
