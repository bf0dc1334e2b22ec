package dev.courier.kv.client;

import dev.courier.core.net.ConnectFailure;
import dev.courier.kv.command.GetCommand;
import dev.courier.kv.protocol.Edition;
import dev.courier.kv.protocol.KvDialect;
import dev.courier.kv.protocol.KvRequest;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLException;

/**
 * Matches each answer (a line; in the record dialect, a record) to the oldest request waiting for one. Anything the protocol does not allow for that
 * request, and a GET whose CRC-32 does not match, fails every waiting request and drops the connection.
 */
final class KvClientHandler extends SimpleChannelInboundHandler<ByteBuf> {
    /** What a waiting request expects. */
    enum Kind { CONNECT, PUT, GET, DELETE, DISCONNECT }

    /** A request waiting for its answer: a GET's value is kept until its CRC line arrives. */
    static final class Pending {
        final Kind kind;
        final CompletableFuture<Object> future;
        byte[] value;

        Pending(Kind kind, CompletableFuture<Object> future) {
            this.kind = kind;
            this.future = future;
        }
    }

    /** The answer to a GET of a missing key. */
    static final Object MISSING = new Object();
    /** The answer to a request that succeeded without a value. */
    static final Object DONE = new Object();

    private static final byte[] GET_PREFIX = "GET ".getBytes(StandardCharsets.US_ASCII);

    /** A request of the record dialect that waits for the answer to the one before it. */
    private record Unsent(Pending pending, KvRequest request) {
    }

    private final Deque<Pending> pending = new ArrayDeque<>();
    private final Deque<Unsent> unsent = new ArrayDeque<>();
    private final Edition edition;
    private final KvDialect dialect;
    private KvException failure;

    KvClientHandler(Edition edition, KvDialect dialect) {
        this.edition = edition;
        this.dialect = dialect;
    }

    /**
     * Queues a request's expectation; call on the event loop. Returns whether to write the request now. In the
     * record dialect, one command at a time: a request made while another waits for its answer is held here and
     * written once every earlier one is answered (the dialect's peers do not read pipelined records).
     */
    boolean expect(Pending p, KvRequest request) {
        if (failure != null) {
            p.future.completeExceptionally(failure);
            return false;
        }
        if (dialect == KvDialect.RECORD && (!pending.isEmpty() || !unsent.isEmpty())) {
            unsent.add(new Unsent(p, request));
            return false;
        }
        pending.add(p);
        return true;
    }

    /** In the record dialect, writes the next held request once nothing waits for an answer. */
    private void sendNext(ChannelHandlerContext ctx) {
        if (failure == null && pending.isEmpty() && !unsent.isEmpty()) {
            Unsent u = unsent.poll();
            pending.add(u.pending());
            ctx.channel().writeAndFlush(u.request(), ctx.channel().voidPromise());
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
        byte[] line = new byte[msg.readableBytes()];
        msg.readBytes(line);
        Pending p = pending.peek();
        if (p == null) {
            fail(ctx, new KvException(KvException.Reason.UNEXPECTED_REPLY, "unrequested answer: " + show(line)));
            return;
        }
        String text = new String(line, StandardCharsets.ISO_8859_1);
        switch (p.kind) {
            case CONNECT -> {
                if (text.equals("CONNECT: OK")) {
                    complete(DONE);
                } else if (text.equals("CONNECT: ERROR")) {
                    fail(ctx, new KvException(KvException.Reason.CONNECT_REFUSED, "the server refused CONNECT "
                            + "(wrong password, session in use by another client, unknown account, or a limit)"));
                } else {
                    unexpected(ctx, p, line);
                }
            }
            case PUT -> simple(ctx, p, line, text, "PUT: OK", "PUT: ERROR", KvException.Reason.PUT_REFUSED);
            case DELETE -> simple(ctx, p, line, text, "DELETE: OK", "DELETE: ERROR", KvException.Reason.DELETE_REFUSED);
            case DISCONNECT -> {
                if (text.equals("DISCONNECT: OK")) {
                    complete(DONE);
                } else {
                    unexpected(ctx, p, line);
                }
            }
            case GET -> get(ctx, p, line, text);
            default -> throw new IllegalStateException(p.kind.name());
        }
        sendNext(ctx);
    }

    private void get(ChannelHandlerContext ctx, Pending p, byte[] line, String text) {
        if (dialect == KvDialect.RECORD) {
            recordGet(ctx, p, line, text);
            return;
        }
        if (edition == Edition.RSA) {
            // The edition's own flaw: a value that reads "GET: ERROR" cannot be told from the error.
            complete(text.equals("GET: ERROR") ? MISSING : line);
            return;
        }
        if (p.value == null) {
            if (text.equals("GET: ERROR")) {
                complete(MISSING);
            } else if (startsWith(line, GET_PREFIX)) {
                p.value = Arrays.copyOfRange(line, GET_PREFIX.length, line.length);
            } else {
                unexpected(ctx, p, line);
            }
            return;
        }
        checkCrc(ctx, p, line, text);
    }

    /**
     * A GET answer of the record dialect, one record: {@code GET: ERROR}, or {@code GET value} LF crc (TLS edition),
     * or {@code GET value} (RSA edition, no CRC, as the original program answers).
     */
    private void recordGet(ChannelHandlerContext ctx, Pending p, byte[] record, String text) {
        if (text.equals("GET: ERROR")) {
            complete(MISSING);
            return;
        }
        if (!startsWith(record, GET_PREFIX)) {
            unexpected(ctx, p, record);
            return;
        }
        if (edition == Edition.RSA) {
            complete(Arrays.copyOfRange(record, GET_PREFIX.length, record.length));
            return;
        }
        int lf = text.indexOf('\n');
        if (lf < 0) {
            unexpected(ctx, p, record);
            return;
        }
        p.value = Arrays.copyOfRange(record, GET_PREFIX.length, lf);
        checkCrc(ctx, p, Arrays.copyOfRange(record, lf + 1, record.length), text.substring(lf + 1));
    }

    /** The CRC line of a GET answer whose value is in {@code p}: checked against the value. */
    private void checkCrc(ChannelHandlerContext ctx, Pending p, byte[] line, String text) {
        long crc = parseCrc(text);
        if (crc < 0) {
            unexpected(ctx, p, line);
        } else if (crc != GetCommand.crc32(p.value)) {
            fail(ctx, new KvException(KvException.Reason.CRC_MISMATCH, "GET answer failed its CRC-32 check: "
                    + "the server sent " + crc + ", the value's is " + GetCommand.crc32(p.value)));
        } else {
            complete(p.value);
        }
    }

    private void simple(ChannelHandlerContext ctx, Pending p, byte[] line, String text, String ok, String error,
                        KvException.Reason reason) {
        if (text.equals(ok)) {
            complete(DONE);
        } else if (text.equals(error)) {
            pending.poll();
            p.future.completeExceptionally(new KvException(reason, "the server answered " + error));
        } else {
            unexpected(ctx, p, line);
        }
    }

    /** An unsigned decimal 32-bit number, or -1. */
    static long parseCrc(String s) {
        if (s.isEmpty() || s.length() > 10) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v > 0xFFFF_FFFFL ? -1 : v;
    }

    private void complete(Object value) {
        pending.poll().future.complete(value);
    }

    private void unexpected(ChannelHandlerContext ctx, Pending p, byte[] line) {
        fail(ctx, new KvException(KvException.Reason.UNEXPECTED_REPLY,
                "unexpected answer to " + p.kind + ": " + show(line)));
    }

    private void fail(ChannelHandlerContext ctx, KvException e) {
        if (failure == null) {
            failure = e;
        }
        Pending p;
        while ((p = pending.poll()) != null) {
            p.future.completeExceptionally(failure);
        }
        Unsent u;
        while ((u = unsent.poll()) != null) {
            u.pending().future.completeExceptionally(failure);
        }
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        fail(ctx, new KvException(KvException.Reason.CONNECTION_CLOSED, "the server closed the connection"));
        super.channelInactive(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        // SslHandler reports a handshake that timed out as this event (then closes), not as an exception: a silent
        // peer is a timeout, not "the server closed the connection" nor a certificate problem.
        if (evt instanceof SslHandshakeCompletionEvent e && e.cause() instanceof SslHandshakeTimeoutException t) {
            fail(ctx, new KvException(KvException.Reason.TIMEOUT, "no TLS handshake (" + t.getMessage() + ")", t));
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable c = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (c instanceof SSLException) {
            fail(ctx, new KvException(KvException.Reason.TLS, "TLS failed: " + c.getMessage(), c));
        } else if (c instanceof TooLongFrameException) {
            fail(ctx, new KvException(KvException.Reason.UNEXPECTED_REPLY, "answer too long: " + c.getMessage(), c));
        } else {
            fail(ctx, new KvException(KvException.Reason.IO, "connection failed: " + ConnectFailure.describe(c), c));
        }
    }

    private static boolean startsWith(byte[] line, byte[] prefix) {
        return line.length >= prefix.length && Arrays.equals(line, 0, prefix.length, prefix, 0, prefix.length);
    }

    /** A short printable form of an answer, for messages. */
    static String show(byte[] line) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < Math.min(line.length, 80); i++) {
            int b = line[i] & 0xFF;
            sb.append(b >= 0x20 && b < 0x7F ? String.valueOf((char) b) : String.format("\\x%02x", b));
        }
        return sb.append(line.length > 80 ? "...\"" : "\"").toString();
    }
}
