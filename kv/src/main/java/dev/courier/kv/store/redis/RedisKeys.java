package dev.courier.kv.store.redis;

import java.nio.charset.StandardCharsets;

/**
 * Key names. A session's three keys share the hash tag {@code {id}}, so a script touching them runs on one Cluster
 * slot; braces and percent signs in an id are percent-escaped so that the tag is always the whole id.
 */
final class RedisKeys {
    private final String prefix;

    RedisKeys(String prefix) {
        this.prefix = prefix;
    }

    /** The session's metadata hash: digest, creator, incarnation, bytes used. */
    byte[] meta(String id) {
        return key(id, "m");
    }

    /** The session's data hash: key to value. */
    byte[] data(String id) {
        return key(id, "d");
    }

    /** The session's lease: the owning binding's token, expiring unless renewed. */
    byte[] lease(String id) {
        return key(id, "l");
    }

    /** Open mode: the sessions created by peer address {@code address} and still alive (a sorted set). */
    byte[] address(String address) {
        return (prefix + "a:{" + escape(address) + "}").getBytes(StandardCharsets.UTF_8);
    }

    /** The login throttle's counter for {@code key} ({@code id:...} or {@code ip:...}). */
    byte[] throttle(String key) {
        return (prefix + "t:{" + escape(key) + "}").getBytes(StandardCharsets.UTF_8);
    }

    private byte[] key(String id, String kind) {
        return (prefix + "s:{" + escape(id) + "}:" + kind).getBytes(StandardCharsets.UTF_8);
    }

    static String escape(String s) {
        if (s.indexOf('{') < 0 && s.indexOf('}') < 0 && s.indexOf('%') < 0) {
            return s;
        }
        return s.replace("%", "%25").replace("{", "%7B").replace("}", "%7D");
    }
}
