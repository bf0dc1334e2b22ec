package dev.courier.kv.store.redis;

import dev.courier.core.auth.LoginThrottle;
import dev.courier.kv.store.LoginGuard;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The login throttle with its counters in Redis, shared by every node: the same policy as the local one (free
 * failures, then a lockout that doubles up to a maximum, forgotten after a quiet while), with Redis's clock.
 */
final class RedisLoginGuard implements LoginGuard {
    private static final Logger LOG = LoggerFactory.getLogger(RedisLoginGuard.class);

    private final RedisLink link;
    private final RedisKeys keys;
    private final byte[][] failArgs;

    RedisLoginGuard(RedisLink link, RedisKeys keys, LoginThrottle.Policy policy) {
        this.link = link;
        this.keys = keys;
        this.failArgs = new byte[][] {ascii(policy.freeFailures()), ascii(policy.baseLockout().toMillis()),
                ascii(policy.maxLockout().toMillis()), ascii(policy.forgetAfter().toMillis())};
    }

    @Override
    public CompletionStage<Boolean> blocked(String idKey, String addressKey) {
        CompletableFuture<Object> id = link.run(RedisScript.THROTTLE_BLOCKED, new byte[][] {keys.throttle(idKey)});
        CompletableFuture<Object> addr = link.run(RedisScript.THROTTLE_BLOCKED,
                new byte[][] {keys.throttle(addressKey)});
        return id.thenCombine(addr, (a, b) -> ((Long) a) == 1L || ((Long) b) == 1L);
    }

    @Override
    public void failed(String idKey, String addressKey) {
        count(idKey);
        count(addressKey);
    }

    @Override
    public void succeeded(String idKey) {
        link.run(RedisScript.THROTTLE_FORGET, new byte[][] {keys.throttle(idKey)});
    }

    private void count(String key) {
        link.run(RedisScript.THROTTLE_FAIL, new byte[][] {keys.throttle(key)}, failArgs).whenComplete((v, e) -> {
            if (e != null) {
                LOG.debug("kv: counting a failed CONNECT under {} failed: {}", key, e.toString());
            }
        });
    }

    private static byte[] ascii(long n) {
        return Long.toString(n).getBytes(StandardCharsets.US_ASCII);
    }
}
