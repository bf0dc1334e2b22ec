package dev.courier.kv.client;

import dev.courier.core.net.ConnectFailure;
import dev.courier.core.net.LfFrameDecoder;
import dev.courier.core.net.Transport;
import dev.courier.core.tls.TlsContexts;
import dev.courier.kv.protocol.Edition;
import dev.courier.kv.protocol.KvDialect;
import dev.courier.kv.protocol.KvRequest;
import dev.courier.kv.protocol.KvRequestRules;
import dev.courier.kv.record.KvRecordRequestEncoder;
import dev.courier.kv.record.KvRecords;
import dev.courier.kv.record.RecordFrameDecoder;
import dev.courier.kv.record.TlsRecordSplitter;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
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
 * complete the futures in the same order. Safe to call from any thread. In the record dialect
 * ({@link KvClientConfig#dialect()}) requests are not pipelined: each is written once the one before it is
 * answered, since that dialect's peers read one record per message and answer one command at a time.
 */
public final class KvAsyncClient implements AutoCloseable {
    private static final class SharedLoops {
        static final EventLoopGroup GROUP = Transport.best().newGroup(1, "kv-client");
    }

    private final Channel channel;
    private final KvClientHandler handler;
    private final int maxMessageBytes;

    private KvAsyncClient(Channel channel, KvClientHandler handler, int maxMessageBytes) {
        this.channel = channel;
        this.handler = handler;
        this.maxMessageBytes = maxMessageBytes;
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
                ch -> {
                    SslHandler tls = ssl.newHandler(ch.alloc(), config.host(), config.port());
                    // The handshake waits as long as any answer, not Netty's own 10 s.
                    tls.setHandshakeTimeoutMillis(config.timeout().toMillis());
                    return tls;
                });
    }

    /**
     * Connects with any front door: {@code front} gives the handler that turns plain requests into the bytes on
     * the wire (TLS, or the RSA edition's block codec), and {@code edition} says how GET is answered.
     */
    public static CompletableFuture<KvAsyncClient> connect(KvClientConfig config, EventLoopGroup group,
                                                           Edition edition,
                                                           Function<SocketChannel, ChannelHandler> front) {
        KvRequest.Connect connect = new KvRequest.Connect(config.clientId(), config.hash());
        Optional<String> bad = KvRequestRules.problem(connect, config.maxMessageBytes());
        if (bad.isPresent()) {
            return CompletableFuture.failedFuture(new KvException(KvException.Reason.INVALID_REQUEST, bad.get()));
        }
        KvClientHandler handler = new KvClientHandler(edition, config.dialect());
        Bootstrap b = new Bootstrap()
                .group(group)
                .channel(Transport.best().clientChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, config.timeout().toMillis()))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ChannelHandler door = front.apply(ch);
                        ChannelPipeline p = ch.pipeline();
                        if (config.dialect() == KvDialect.RECORD) {
                            // No flush consolidation: every record is flushed on its own, so it stays one record.
                            boolean tls = door instanceof SslHandler;
                            if (tls) {
                                p.addLast("records", new TlsRecordSplitter());
                            }
                            p.addLast("front", door)
                                    .addLast("frames", new RecordFrameDecoder(
                                            KvRecords.maxReplyBytes(config.maxMessageBytes())))
                                    .addLast("encoder", new KvRecordRequestEncoder(tls))
                                    .addLast("handler", handler);
                            return;
                        }
                        p.addLast("front", door)
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
                        "cannot connect to " + config.host() + ":" + config.port() + ": "
                                + ConnectFailure.describe(f.cause()), f.cause()));
                return;
            }
            KvAsyncClient client = new KvAsyncClient(cf.channel(), handler, config.maxMessageBytes());
            client.send(KvClientHandler.Kind.CONNECT, connect)
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

    /**
     * Sends {@code request}, unless the server would not take it: then the future fails with
     * {@link KvException.Reason#INVALID_REQUEST} and nothing is sent, so the session and its data stay intact.
     */
    private CompletableFuture<Object> send(KvClientHandler.Kind kind, KvRequest request) {
        Optional<String> bad = KvRequestRules.problem(request, maxMessageBytes);
        if (bad.isPresent()) {
            return CompletableFuture.failedFuture(new KvException(KvException.Reason.INVALID_REQUEST, bad.get()));
        }
        KvClientHandler.Pending p = new KvClientHandler.Pending(kind, new CompletableFuture<>());
        if (channel.eventLoop().inEventLoop()) {
            write(p, request);
        } else {
            channel.eventLoop().execute(() -> write(p, request));
        }
        return p.future;
    }

    private void write(KvClientHandler.Pending p, KvRequest request) {
        if (handler.expect(p, request)) {
            channel.writeAndFlush(request, channel.voidPromise());
        }
    }

    /** The request for {@code PUT key value}, or a failure if the value holds a character that is not one byte. */
    private static KvRequest.Put putRequest(String key, String value) throws KvException {
        Optional<String> bad = KvRequestRules.textProblem("the value", value);
        if (bad.isPresent()) {
            // Checked as text: turned into bytes first, a character beyond Latin-1 would silently become '?'.
            throw new KvException(KvException.Reason.INVALID_REQUEST, bad.get());
        }
        return new KvRequest.Put(key, value.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * {@code PUT key value}; fails with {@link KvException.Reason#PUT_REFUSED} on {@code PUT: ERROR}, and with
     * {@link KvException.Reason#INVALID_REQUEST}, sending nothing, when key or value breaks the protocol's rules.
     */
    public CompletableFuture<Void> put(String key, String value) {
        KvRequest.Put request;
        try {
            request = putRequest(key, value);
        } catch (KvException e) {
            return CompletableFuture.failedFuture(e);
        }
        return send(KvClientHandler.Kind.PUT, request).thenApply(v -> null);
    }

    /** {@code GET key}: the value, or empty on {@code GET: ERROR} (no such key). The CRC-32 is checked. */
    public CompletableFuture<Optional<String>> get(String key) {
        return send(KvClientHandler.Kind.GET, new KvRequest.Get(key)).thenApply(v -> v == KvClientHandler.MISSING
                ? Optional.empty() : Optional.of(new String((byte[]) v, StandardCharsets.ISO_8859_1)));
    }

    /** {@code DELETE key}; fails with {@link KvException.Reason#DELETE_REFUSED} on {@code DELETE: ERROR}. */
    public CompletableFuture<Void> delete(String key) {
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
