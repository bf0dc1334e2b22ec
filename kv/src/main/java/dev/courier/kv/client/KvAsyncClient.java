package dev.courier.kv.client;

import dev.courier.core.net.LfFrameDecoder;
import dev.courier.core.net.Transport;
import dev.courier.core.tls.TlsContexts;
import dev.courier.kv.protocol.Edition;
import dev.courier.kv.protocol.KvRequest;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A pipelining KV client: every call returns at once with a future, requests go out in call order, and answers
 * complete the futures in the same order. Safe to call from any thread.
 */
public final class KvAsyncClient implements AutoCloseable {
    private static final class SharedLoops {
        static final EventLoopGroup GROUP = Transport.best().newGroup(1, "kv-client");
    }

    private final Channel channel;
    private final KvClientHandler handler;

    private KvAsyncClient(Channel channel, KvClientHandler handler) {
        this.channel = channel;
        this.handler = handler;
    }

    /** Connects over TLS and CONNECTs; the future completes once the server answered {@code CONNECT: OK}. */
    public static CompletableFuture<KvAsyncClient> connect(KvClientConfig config) {
        SslContext ssl;
        try {
            ssl = TlsContexts.client(config.trust());
        } catch (IOException e) {
            return CompletableFuture.failedFuture(new KvException(KvException.Reason.TLS,
                    "cannot set up TLS: " + e.getMessage(), e));
        }
        return connect(config, ssl, SharedLoops.GROUP);
    }

    /** Connects with a prepared TLS context on the given event loops (for many clients, as the benchmark runs). */
    public static CompletableFuture<KvAsyncClient> connect(KvClientConfig config, SslContext ssl, EventLoopGroup group) {
        return connect(config, group, Edition.TLS,
                ch -> ssl.newHandler(ch.alloc(), config.host(), config.port()));
    }

    /**
     * Connects with any front door: {@code front} gives the handler that turns plain requests into the bytes on
     * the wire (TLS, or the RSA edition's block codec), and {@code edition} says how GET is answered.
     */
    public static CompletableFuture<KvAsyncClient> connect(KvClientConfig config, EventLoopGroup group,
                                                           Edition edition,
                                                           Function<SocketChannel, ChannelHandler> front) {
        KvClientHandler handler = new KvClientHandler(edition);
        Bootstrap b = new Bootstrap()
                .group(group)
                .channel(Transport.best().clientChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, config.timeout().toMillis()))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast("front", front.apply(ch))
                                .addLast("flush", new FlushConsolidationHandler(256, true))
                                .addLast("frames", new LfFrameDecoder(config.maxMessageBytes()))
                                .addLast("encoder", KvRequestEncoder.INSTANCE)
                                .addLast("handler", handler);
                    }
                });
        CompletableFuture<KvAsyncClient> result = new CompletableFuture<>();
        ChannelFuture cf = b.connect(config.host(), config.port());
        cf.addListener(f -> {
            if (!f.isSuccess()) {
                result.completeExceptionally(new KvException(KvException.Reason.IO,
                        "cannot connect to " + config.host() + ":" + config.port() + ": " + f.cause().getMessage(),
                        f.cause()));
                return;
            }
            KvAsyncClient client = new KvAsyncClient(cf.channel(), handler);
            client.send(KvClientHandler.Kind.CONNECT, new KvRequest.Connect(config.clientId(), config.hash()))
                    .whenComplete((v, e) -> {
                        if (e != null) {
                            client.close();
                            result.completeExceptionally(e);
                        } else {
                            result.complete(client);
                        }
                    });
        });
        return result;
    }

    private CompletableFuture<Object> send(KvClientHandler.Kind kind, KvRequest request) {
        KvClientHandler.Pending p = new KvClientHandler.Pending(kind, new CompletableFuture<>());
        if (channel.eventLoop().inEventLoop()) {
            write(p, request);
        } else {
            channel.eventLoop().execute(() -> write(p, request));
        }
        return p.future;
    }

    private void write(KvClientHandler.Pending p, KvRequest request) {
        if (handler.expect(p)) {
            channel.writeAndFlush(request, channel.voidPromise());
        }
    }

    private static void checkText(String what, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n' || c > 0xFF) {
                throw new IllegalArgumentException(what + " cannot hold a line feed or characters beyond one byte");
            }
        }
    }

    /** {@code PUT key value}; fails with {@link KvException.Reason#PUT_REFUSED} on {@code PUT: ERROR}. */
    public CompletableFuture<Void> put(String key, String value) {
        checkText("a key", key);
        checkText("a value", value);
        return send(KvClientHandler.Kind.PUT, new KvRequest.Put(key, value.getBytes(StandardCharsets.ISO_8859_1)))
                .thenApply(v -> null);
    }

    /** {@code GET key}: the value, or empty on {@code GET: ERROR} (no such key). The CRC-32 is checked. */
    public CompletableFuture<Optional<String>> get(String key) {
        checkText("a key", key);
        return send(KvClientHandler.Kind.GET, new KvRequest.Get(key)).thenApply(v -> v == KvClientHandler.MISSING
                ? Optional.empty() : Optional.of(new String((byte[]) v, StandardCharsets.ISO_8859_1)));
    }

    /** {@code DELETE key}; fails with {@link KvException.Reason#DELETE_REFUSED} on {@code DELETE: ERROR}. */
    public CompletableFuture<Void> delete(String key) {
        checkText("a key", key);
        return send(KvClientHandler.Kind.DELETE, new KvRequest.Delete(key)).thenApply(v -> null);
    }

    /** {@code DISCONNECT}: the server erases the session and closes. */
    public CompletableFuture<Void> disconnect() {
        return send(KvClientHandler.Kind.DISCONNECT, new KvRequest.Disconnect()).thenApply(v -> null);
    }

    /** Whether the connection is open. */
    public boolean isOpen() {
        return channel.isActive();
    }

    /** The channel, for tests and the benchmark. */
    public Channel channel() {
        return channel;
    }

    /** Closes the connection without DISCONNECT: the server keeps the session for its resume window. */
    @Override
    public void close() {
        SslHandler tls = channel.pipeline().get(SslHandler.class);
        if (tls != null && channel.isActive()) {
            tls.closeOutbound();
        }
        channel.close().awaitUninterruptibly();
    }
}
