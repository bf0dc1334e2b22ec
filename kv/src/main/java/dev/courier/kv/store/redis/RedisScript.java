package dev.courier.kv.store.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** One Lua script of the store, from its resource file, with the SHA-1 that EVALSHA names it by. */
record RedisScript(String name, String source, String sha) {
    static final RedisScript PEEK = load("peek");
    static final RedisScript CREATE = load("create");
    static final RedisScript RESUME = load("resume");
    static final RedisScript WRITE = load("write");
    static final RedisScript RENEW = load("renew");
    static final RedisScript ADMIT = load("admit");
    static final RedisScript ADDRESS = load("address");
    static final RedisScript THROTTLE_FAIL = load("throttle_fail");
    static final RedisScript THROTTLE_BLOCKED = load("throttle_blocked");
    static final RedisScript THROTTLE_FORGET = load("throttle_forget");

    private static RedisScript load(String name) {
        try (InputStream in = RedisScript.class.getResourceAsStream(name + ".lua")) {
            if (in == null) {
                throw new IllegalStateException("missing script resource " + name + ".lua");
            }
            String source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            byte[] sha = MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
            return new RedisScript(name, source, HexFormat.of().formatHex(sha));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
