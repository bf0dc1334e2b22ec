package dev.courier.cli.persist;

import dev.courier.cli.attack.ServerProcess;
import dev.courier.core.tls.TlsContexts.ClientTrust;
import dev.courier.kv.client.KvAsyncClient;
import dev.courier.kv.client.KvClientConfig;
import dev.courier.kv.client.KvException;
import dev.courier.kv.server.KvStorage;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the persistence ITs share: the server's flags, a password hash per session id, values whose every byte
 * follows from their name (so a torn or mixed-up value is seen), library clients that trust the server's own
 * certificate, and the journal's files as the server leaves them under {@code <data-dir>/kv/sessions}.
 */
final class KvSessions {
    /** How long a client waits for a connection or an answer. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** The longest value the protocol allows. */
    static final int MAX_VALUE = 4091;
    private static final Pattern JOURNAL = Pattern.compile("journal-(\\d+)\\.log");
    private static final Pattern SNAPSHOT = Pattern.compile("snapshot-(\\d+)\\.snap");

    private KvSessions() {
    }

    /** {@code serve}'s flags: KV alone on a free port, the given persistence mode, then {@code more}. */
    static String[] serveArgs(String persistence, String... more) {
        List<String> args = new ArrayList<>(List.of("--kv-port", "0", "--mail-port", "off", "--transfer-port", "off",
                "--kv-rsa-port", "off", "--kv-persistence", persistence));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    /** The 32-byte password hash of session {@code id}: SHA-256 of its id, so each session has its own. */
    static byte[] hash(String id) {
        return sha256("password of " + id);
    }

    /** Another 32 bytes than {@link #hash}: a wrong password for {@code id}. */
    static byte[] wrongHash(String id) {
        return sha256("not the password of " + id);
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** A client configuration for {@code id} with {@code hash}, trusting only the server's {@code tls/server.crt}. */
    static KvClientConfig config(ServerProcess server, String id, byte[] hash) throws Exception {
        return KvClientConfig.of("127.0.0.1", server.port("kv"),
                ClientTrust.caFile(server.dataDir().resolve("tls/server.crt")), id, hash).withTimeout(TIMEOUT);
    }

    /** Connects and CONNECTs {@code id} with its own hash; fails unless the answer is {@code CONNECT: OK}. */
    static KvAsyncClient connect(ServerProcess server, String id) throws Exception {
        return connect(server, id, hash(id));
    }

    /** Connects and CONNECTs {@code id} with {@code hash}; fails unless the answer is {@code CONNECT: OK}. */
    static KvAsyncClient connect(ServerProcess server, String id, byte[] hash) throws Exception {
        return await(KvAsyncClient.connect(config(server, id, hash)));
    }

    /** The server's answer to {@code CONNECT id} with {@code hash}, as its line; the connection is closed after. */
    static String connectAnswer(ServerProcess server, String id, byte[] hash) throws Exception {
        try {
            KvAsyncClient c = connect(server, id, hash);
            c.close();
            return "CONNECT: OK";
        } catch (KvException e) {
            if (e.reason() == KvException.Reason.CONNECT_REFUSED) {
                return "CONNECT: ERROR";
            }
            throw e;
        }
    }

    /**
     * Commits a protocol violation on {@code client}'s connection ({@code GET} with the key byte 0x80: "non-ASCII
     * bytes in a command", spec section 5; a PUT's key is not one, it is answered {@code PUT: ERROR}) and waits
     * until the server has dropped the connection without an answer, which erases the session.
     */
    static void violate(KvAsyncClient client) throws Exception {
        byte[] bad = {'G', 'E', 'T', ' ', (byte) 0x80, '\n'};
        // Written under the request encoder, which would refuse it: the bytes go to TLS as they are.
        client.channel().writeAndFlush(Unpooled.wrappedBuffer(bad));
        if (!client.channel().closeFuture().await(TIMEOUT.toMillis())) {
            throw new AssertionError("the server did not drop a connection that sent GET with the key byte 0x80");
        }
        // Who closed: a client that got an answer it had not asked for closes too, and says so to the next request.
        try {
            await(client.get("after the violation"));
        } catch (KvException e) {
            if (e.reason() != KvException.Reason.CONNECTION_CLOSED) {
                throw new AssertionError("the server answered GET with the key byte 0x80 instead of dropping the "
                        + "connection: " + e.getMessage(), e);
            }
        }
    }

    /** The future's value within {@link #TIMEOUT}; a {@link KvException} comes out as itself. */
    static <T> T await(java.util.concurrent.CompletableFuture<T> f) throws Exception {
        try {
            return f.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception x) {
                throw x;
            }
            throw e;
        }
    }

    /**
     * The value named {@code name} (a session, key and version, e.g. {@code "s3/k17/v2"}), {@code length} bytes:
     * the name, a colon, then printable ASCII drawn from a generator seeded by the name. Two names give two values;
     * a value cut short or spliced from two writes does not equal what its name gives.
     */
    static String value(String name, int length) {
        StringBuilder b = new StringBuilder(length);
        b.append(name).append(':');
        SplittableRandom r = new SplittableRandom(name.hashCode() * 0x9E3779B97F4A7C15L + name.length());
        while (b.length() < length) {
            b.append((char) (0x21 + r.nextInt(0x7E - 0x21 + 1)));
        }
        return b.length() > length ? b.substring(0, length) : b.toString();
    }

    /** The KV journal's directory under {@code data} (where the server keeps it: {@code KvStorage.dirUnder}). */
    static Path kvDir(Path data) {
        return KvStorage.dirUnder(data);
    }

    /** The journals ({@code journal-<gen>.log}) under {@code data}, oldest generation first. */
    static List<Path> journals(Path data) throws Exception {
        return files(data, JOURNAL);
    }

    /** The snapshots ({@code snapshot-<gen>.snap}) under {@code data}, oldest generation first. */
    static List<Path> snapshots(Path data) throws Exception {
        return files(data, SNAPSHOT);
    }

    private static List<Path> files(Path data, Pattern name) throws Exception {
        Path dir = kvDir(data);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> found = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> name.matcher(p.getFileName().toString()).matches()).forEach(found::add);
        }
        found.sort((a, b) -> Long.compare(generation(a, name), generation(b, name)));
        return Collections.unmodifiableList(found);
    }

    private static long generation(Path p, Pattern name) {
        Matcher m = name.matcher(p.getFileName().toString());
        if (!m.matches()) {
            throw new IllegalArgumentException(p.toString());
        }
        return Long.parseLong(m.group(1));
    }

    /** Every file under {@code data}'s KV journal directory, as names relative to it (none if it does not exist). */
    static List<String> kvFiles(Path data) throws Exception {
        Path dir = kvDir(data);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    /** Where {@code needle} last occurs in {@code haystack}, or -1. */
    static int lastIndexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = haystack.length - needle.length; i >= 0; i--) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
