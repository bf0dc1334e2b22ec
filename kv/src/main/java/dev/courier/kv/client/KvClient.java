package dev.courier.kv.client;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A blocking KV client over TLS: one call, one answer. */
public final class KvClient implements AutoCloseable {
    private final KvAsyncClient async;
    private final Duration timeout;

    private KvClient(KvAsyncClient async, Duration timeout) {
        this.async = async;
        this.timeout = timeout;
    }

    /** Connects, checks the certificate and CONNECTs. */
    public static KvClient connect(KvClientConfig config) throws KvException {
        return new KvClient(await(KvAsyncClient.connect(config), config.timeout()), config.timeout());
    }

    /** Wraps an async client already connected (the RSA edition's transport makes these). */
    public static KvClient of(KvAsyncClient async, Duration timeout) {
        return new KvClient(async, timeout);
    }

    /** Stores {@code value} under {@code key}. */
    public void put(String key, String value) throws KvException {
        await(async.put(key, value), timeout);
    }

    /** The value under {@code key}, or empty if the server answered {@code GET: ERROR}. */
    public Optional<String> get(String key) throws KvException {
        return await(async.get(key), timeout);
    }

    /** Removes {@code key}. */
    public void delete(String key) throws KvException {
        await(async.delete(key), timeout);
    }

    /** Ends the session: the server erases it and its data. */
    public void disconnect() throws KvException {
        await(async.disconnect(), timeout);
        async.close();
    }

    /** Closes without DISCONNECT: the session can be resumed within the server's window. */
    @Override
    public void close() {
        async.close();
    }

    /** The async client underneath. */
    public KvAsyncClient async() {
        return async;
    }

    /** A failure for people: its message, or its kind when it has none (never a class name with a chain). */
    public static String describe(Throwable t) {
        String m = t.getMessage();
        return m != null && !m.isBlank() ? m : t.getClass().getSimpleName();
    }

    static <T> T await(CompletableFuture<T> f, Duration timeout) throws KvException {
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof KvException k) {
                throw k;
            }
            throw new KvException(KvException.Reason.IO, describe(e.getCause()), e.getCause());
        } catch (TimeoutException e) {
            throw new KvException(KvException.Reason.TIMEOUT, "no answer within " + timeout.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KvException(KvException.Reason.IO, "interrupted", e);
        }
    }
}
