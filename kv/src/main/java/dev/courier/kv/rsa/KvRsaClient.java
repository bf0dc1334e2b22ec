package dev.courier.kv.rsa;

import dev.courier.core.net.Transport;
import dev.courier.core.tls.TlsContexts.ClientTrust;
import dev.courier.kv.client.KvAsyncClient;
import dev.courier.kv.client.KvClient;
import dev.courier.kv.client.KvClientConfig;
import dev.courier.kv.client.KvException;
import dev.courier.kv.protocol.Edition;
import dev.courier.kv.protocol.KvDialect;
import io.netty.channel.EventLoopGroup;
import java.security.KeyPair;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Connects {@link KvClient}s and {@link KvAsyncClient}s to a server of the legacy RSA edition: the same client,
 * with the key exchange and blocks in TLS's place. No password and no certificate: the config's trust and hash
 * are not used. {@code GET} answers come as the bare value; a value that reads {@code GET: ERROR} is taken as
 * missing, the edition's own flaw.
 */
public final class KvRsaClient {
    private static final class Loops {
        static final EventLoopGroup GROUP = Transport.best().newGroup(1, "kv-rsa-client");
    }

    private KvRsaClient() {
    }

    /** A config for {@code clientId} at {@code host:port}, with the default timeout and message limit. */
    public static KvClientConfig config(String host, int port, String clientId) {
        return KvClientConfig.of(host, port, ClientTrust.system(), clientId, null);
    }

    /** Connects with a fresh 512-bit key (the edition's size) and CONNECTs; blocks until {@code CONNECT: OK}. */
    public static KvClient connect(KvClientConfig config) throws KvException {
        return connect(config, RsaKeys.generate(RsaKeys.DEFAULT_BITS));
    }

    /** Connects with the given key pair and CONNECTs; blocks until {@code CONNECT: OK}. */
    public static KvClient connect(KvClientConfig config, KeyPair keys) throws KvException {
        CompletableFuture<KvAsyncClient> f = connectAsync(config, keys, Loops.GROUP);
        try {
            return KvClient.of(f.get(config.timeout().toMillis(), TimeUnit.MILLISECONDS), config.timeout());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof KvException k) {
                throw k;
            }
            throw new KvException(KvException.Reason.IO, KvClient.describe(e.getCause()), e.getCause());
        } catch (TimeoutException e) {
            f.thenAccept(KvAsyncClient::close);
            throw new KvException(KvException.Reason.TIMEOUT, "no key exchange and CONNECT within "
                    + config.timeout().toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KvException(KvException.Reason.IO, "interrupted", e);
        }
    }

    /**
     * Connects on the given event loops with the given key pair; the future completes once the server answered
     * {@code CONNECT: OK}. The server's key must arrive within the config's timeout.
     */
    public static CompletableFuture<KvAsyncClient> connectAsync(KvClientConfig config, KeyPair keys,
                                                                EventLoopGroup group) {
        if (config.hash() != null) {
            throw new IllegalArgumentException("the RSA edition has no password: the config must carry no hash");
        }
        boolean records = config.dialect() == KvDialect.RECORD;
        return KvAsyncClient.connect(config, group, Edition.RSA, ch -> new RsaFrontHandler(
                RsaFrontHandler.Side.CLIENT, keys, RsaFrontHandler.DEFAULT_MAX_PEM_BYTES, config.timeout(), () -> { },
                records));
    }
}
