package dev.courier.mail.client;

import dev.courier.core.net.ConnectFailure;
import dev.courier.core.net.LfFrameDecoder;
import dev.courier.core.net.Transport;
import dev.courier.core.tls.TlsContexts;
import dev.courier.mail.protocol.MailMessage;
import dev.courier.mail.protocol.MailRequest;
import dev.courier.mail.protocol.MailRequestEncoder;
import dev.courier.mail.protocol.Wire;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A pipelining mail client on one connection: every call returns at once with a future; requests go out in call
 * order and the server answers them in that order. Commands use the session this client started or resumed.
 * Safe to call from any thread.
 */
public final class MailAsyncClient implements AutoCloseable {
    private static final class SharedLoops {
        static final EventLoopGroup GROUP = Transport.best().newGroup(1, "mail-client");
    }

    private final Channel channel;
    private final MailClientHandler handler;
    private volatile String sessionId;

    private MailAsyncClient(Channel channel, MailClientHandler handler) {
        this.channel = channel;
        this.handler = handler;
    }

    /** Connects (over TLS unless the config is clear text); the future completes once connected. */
    public static CompletableFuture<MailAsyncClient> connect(MailClientConfig config) {
        SslContext ssl = null;
        if (!config.plaintext()) {
            try {
                ssl = TlsContexts.client(config.trust());
            } catch (IOException e) {
                return CompletableFuture.failedFuture(new MailException(MailException.Reason.TLS,
                        "cannot set up TLS: " + e.getMessage(), e));
            }
        }
        return connect(config, ssl, SharedLoops.GROUP);
    }

    /** Connects with a prepared TLS context (null: clear text) on the given event loops (for many clients). */
    public static CompletableFuture<MailAsyncClient> connect(MailClientConfig config, SslContext ssl,
                                                             EventLoopGroup group) {
        MailClientHandler handler = new MailClientHandler(config.maxAttempts());
        Bootstrap b = new Bootstrap()
                .group(group)
                .channel(Transport.best().clientChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                        config.timeout().toMillis()))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (ssl != null) {
                            SslHandler tls = ssl.newHandler(ch.alloc(), config.host(), config.port());
                            // The handshake waits as long as any answer, not Netty's own 10 s.
                            tls.setHandshakeTimeoutMillis(config.timeout().toMillis());
                            ch.pipeline().addLast("tls", tls);
                        }
                        ch.pipeline().addLast("flush", new FlushConsolidationHandler(256, true))
                                .addLast("frames", new LfFrameDecoder(config.maxLineBytes()))
                                .addLast("handler", handler);
                    }
                });
        CompletableFuture<MailAsyncClient> result = new CompletableFuture<>();
        ChannelFuture cf = b.connect(config.host(), config.port());
        cf.addListener(f -> {
            if (!f.isSuccess()) {
                result.completeExceptionally(new MailException(MailException.Reason.IO, "cannot connect to "
                        + config.host() + ":" + config.port() + ": " + ConnectFailure.describe(f.cause()), f.cause()));
                return;
            }
            SslHandler tls = cf.channel().pipeline().get(SslHandler.class);
            if (tls == null) {
                result.complete(new MailAsyncClient(cf.channel(), handler));
                return;
            }
            tls.handshakeFuture().addListener(h -> {
                if (h.isSuccess()) {
                    result.complete(new MailAsyncClient(cf.channel(), handler));
                } else {
                    cf.channel().close();
                    if (h.cause() instanceof SslHandshakeTimeoutException) {
                        // A silent peer is a timeout, not a certificate problem.
                        result.completeExceptionally(new MailException(MailException.Reason.TIMEOUT,
                                "no TLS handshake (" + h.cause().getMessage() + ")", h.cause()));
                        return;
                    }
                    result.completeExceptionally(new MailException(MailException.Reason.TLS,
                            "TLS handshake failed: " + h.cause().getMessage(), h.cause()));
                }
            });
        });
        return result;
    }

    private CompletableFuture<Object> send(MailClientHandler.Kind kind, MailRequest request) {
        byte[] line = Wire.line(MailRequestEncoder.payload(request));
        MailClientHandler.Pending p = new MailClientHandler.Pending(kind, line, new CompletableFuture<>());
        if (channel.eventLoop().inEventLoop()) {
            write(p);
        } else {
            channel.eventLoop().execute(() -> write(p));
        }
        return p.future;
    }

    private void write(MailClientHandler.Pending p) {
        if (handler.expect(p)) {
            channel.writeAndFlush(Unpooled.wrappedBuffer(p.line), channel.voidPromise());
        }
    }

    private String session() throws MailException {
        String s = sessionId;
        if (s == null) {
            throw new MailException(MailException.Reason.NOT_LOGGED_IN, "log in first");
        }
        return s;
    }

    private <T> CompletableFuture<T> command(MailClientHandler.Kind kind, java.util.function.Function<String,
            MailRequest> request, Class<T> type) {
        try {
            return send(kind, request.apply(session())).thenApply(type::cast);
        } catch (MailException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** {@code user:password}; on success this client uses the new session. */
    public CompletableFuture<String> login(String user, String password) {
        return send(MailClientHandler.Kind.LOGIN, new MailRequest.Login(user, password)).thenApply(sid -> {
            sessionId = (String) sid;
            return sessionId;
        });
    }

    /** Uses a session started elsewhere (another connection): commands name it from now on. */
    public void useSession(String id) {
        if (!Wire.isSessionId(id)) {
            throw new IllegalArgumentException("a session id is 32 lowercase hex digits");
        }
        sessionId = id;
    }

    /** {@code email}: the new message's id once the server has committed it. */
    public CompletableFuture<Long> send(String recipient, String subject, String body) {
        return command(MailClientHandler.Kind.EMAIL, sid -> new MailRequest.Email(sid, recipient, subject, body),
                Long.class);
    }

    /** {@code count}: messages in my inbox. */
    public CompletableFuture<Long> count() {
        return command(MailClientHandler.Kind.COUNT, MailRequest.Count::new, Long.class);
    }

    /** {@code dump}: every message in my inbox, oldest first. */
    @SuppressWarnings("unchecked")
    public CompletableFuture<List<MailMessage>> dump() {
        return command(MailClientHandler.Kind.LIST, MailRequest.Dump::new, List.class)
                .thenApply(l -> (List<MailMessage>) l);
    }

    /** {@code getmsg}: my messages from {@code sender}, oldest first. */
    @SuppressWarnings("unchecked")
    public CompletableFuture<List<MailMessage>> messagesFrom(String sender) {
        return command(MailClientHandler.Kind.LIST, sid -> new MailRequest.GetMsg(sid, sender), List.class)
                .thenApply(l -> (List<MailMessage>) l);
    }

    /** {@code delmsg}: deletes my messages with exactly this subject; how many. */
    public CompletableFuture<Integer> deleteBySubject(String subject) {
        return command(MailClientHandler.Kind.DELMSG, sid -> new MailRequest.DelMsg(sid, subject), Long.class)
                .thenApply(Long::intValue);
    }

    /** {@code logoff}: ends the session (the connection stays open for another login). */
    public CompletableFuture<Void> logoff() {
        return command(MailClientHandler.Kind.LOGOFF, MailRequest.Logoff::new, Boolean.class).thenApply(v -> {
            sessionId = null;
            return null;
        });
    }

    /** The session in use, or null. */
    public String sessionId() {
        return sessionId;
    }

    /** Whether the connection is open and usable (not failed and closing). */
    public boolean isOpen() {
        return channel.isActive() && !handler.failed();
    }

    /**
     * The {@code ERR} with which the server refused this connection before answering anything (too many
     * connections, a login deadline), once; null if it did not.
     */
    public MailException takeRefusal() {
        return handler.takeRefusal();
    }

    /** The channel, for tests and the benchmark. */
    public Channel channel() {
        return channel;
    }

    /** Closes the connection; the session lives on at the server until logoff or its timeout. */
    @Override
    public void close() {
        SslHandler tls = channel.pipeline().get(SslHandler.class);
        if (tls != null && channel.isActive()) {
            tls.closeOutbound();
        }
        channel.close().awaitUninterruptibly();
    }
}
