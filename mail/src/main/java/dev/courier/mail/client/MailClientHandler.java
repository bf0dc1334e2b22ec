package dev.courier.mail.client;

import dev.courier.mail.protocol.ErrorCode;
import dev.courier.mail.protocol.Fields;
import dev.courier.mail.protocol.MailMessage;
import dev.courier.mail.protocol.ReplyLines;
import dev.courier.mail.protocol.Wire;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLException;

/**
 * Matches reply lines to the requests waiting for them, oldest first. A {@code KO} sends the oldest request again
 * (it then waits behind those already sent) until its attempts are used up. A reply whose checksum fails is an
 * integrity error: nothing is sent again, and the connection is dropped since the stream can no longer be
 * trusted. Anything else the protocol does not allow also drops the connection.
 */
final class MailClientHandler extends SimpleChannelInboundHandler<ByteBuf> {
    /** What a waiting request expects. */
    enum Kind { LOGIN, EMAIL, COUNT, LIST, DELMSG, LOGOFF }

    /** A request waiting for its reply; a listing collects its message lines here. */
    static final class Pending {
        final Kind kind;
        final byte[] line;
        final CompletableFuture<Object> future;
        int attempts = 1;
        int expected = -1;
        List<MailMessage> messages;

        Pending(Kind kind, byte[] line, CompletableFuture<Object> future) {
            this.kind = kind;
            this.line = line;
            this.future = future;
        }
    }

    private final Deque<Pending> pending = new ArrayDeque<>();
    private final int maxAttempts;
    private volatile MailException failure;
    /** An ERR the server sent before answering any request: it refused the connection (a limit), then closed. */
    private volatile MailException refusal;
    private boolean answered;

    MailClientHandler(int maxAttempts) {
        this.maxAttempts = maxAttempts;
    }

    /** Queues a request; call on the event loop, then write its line. False if the connection already failed. */
    boolean expect(Pending p) {
        if (failure != null) {
            p.future.completeExceptionally(failure);
            return false;
        }
        pending.add(p);
        return true;
    }

    /** Whether the connection has failed (it is closing or closed). */
    boolean failed() {
        return failure != null;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
        byte[] line = ByteBufUtil.getBytes(msg);
        Pending p = pending.peek();
        if (p == null) {
            unrequested(ctx, line);
            return;
        }
        answered = true;
        List<String> f;
        try {
            f = ReplyLines.checkedFields(line);
        } catch (Fields.MalformedFieldException e) {
            unexpected(ctx, p, line);
            return;
        }
        if (f == null) {
            pending.poll();
            // Marked failed before the caller wakes up, so its next call reconnects instead of using this channel.
            if (failure == null) {
                failure = new MailException(MailException.Reason.CONNECTION_CLOSED,
                        "connection dropped after a reply failed its checksum");
            }
            p.future.completeExceptionally(new MailException(MailException.Reason.INTEGRITY, "a reply to the "
                    + p.kind.name().toLowerCase() + " request failed its checksum; the request may have run, so it "
                    + "was not sent again"));
            fail(ctx, failure);
            return;
        }
        if (p.expected >= 0) {
            message(ctx, p, f, line);
        } else if (f.size() == 1 && Wire.KO.equals(f.get(0))) {
            ko(ctx, p);
        } else if (f.size() == 3 && Wire.ERR.equals(f.get(0)) && ErrorCode.fromWire(f.get(1)).isPresent()) {
            pending.poll();
            p.future.completeExceptionally(new MailException(ErrorCode.fromWire(f.get(1)).get(), f.get(2)));
        } else {
            first(ctx, p, f, line);
        }
    }

    /**
     * A line no request waits for. An {@code ERR} is the server's last word before it closes (a connection over a
     * limit, a login deadline): it becomes the failure of whatever is asked next on this connection.
     */
    private void unrequested(ChannelHandlerContext ctx, byte[] line) {
        List<String> f;
        try {
            f = ReplyLines.checkedFields(line);
        } catch (Fields.MalformedFieldException e) {
            f = null;
        }
        if (f != null && f.size() == 3 && Wire.ERR.equals(f.get(0)) && ErrorCode.fromWire(f.get(1)).isPresent()) {
            MailException e = new MailException(ErrorCode.fromWire(f.get(1)).get(), f.get(2));
            if (!answered) {
                refusal = e;
            }
            fail(ctx, e);
            return;
        }
        fail(ctx, new MailException(MailException.Reason.UNEXPECTED_REPLY, "unrequested reply: " + show(line)));
    }

    /** The server's refusal of this connection (an ERR before any answer), once; null if there was none. */
    MailException takeRefusal() {
        MailException r = refusal;
        refusal = null;
        return r;
    }

    private void ko(ChannelHandlerContext ctx, Pending p) {
        pending.poll();
        if (p.attempts >= maxAttempts) {
            p.future.completeExceptionally(new MailException(MailException.Reason.CHECKSUM_REJECTED, "the server "
                    + "answered KO " + p.attempts + " times: the request did not get through intact"));
            return;
        }
        p.attempts++;
        pending.add(p);
        ctx.writeAndFlush(Unpooled.wrappedBuffer(p.line), ctx.voidPromise());
    }

    private void first(ChannelHandlerContext ctx, Pending p, List<String> f, byte[] line) {
        Object result = switch (p.kind) {
            case LOGIN -> f.size() == 2 && Wire.SESSION_STARTED.equals(f.get(0)) && Wire.isSessionId(f.get(1))
                    ? f.get(1) : null;
            case EMAIL -> ok(f, 3, Wire.SENT) ? number(f.get(2)) : null;
            case COUNT -> f.size() == 2 && Wire.OK.equals(f.get(0)) ? number(f.get(1)) : null;
            case DELMSG -> ok(f, 3, Wire.DELETED) ? number(f.get(2)) : null;
            case LOGOFF -> ok(f, 2, Wire.BYE) ? Boolean.TRUE : null;
            case LIST -> f.size() == 2 && Wire.OK.equals(f.get(0)) ? number(f.get(1)) : null;
        };
        if (result == null) {
            unexpected(ctx, p, line);
        } else if (p.kind == Kind.LIST) {
            long n = (Long) result;
            if (n > Integer.MAX_VALUE) {
                unexpected(ctx, p, line);
                return;
            }
            p.expected = (int) n;
            p.messages = new ArrayList<>((int) Math.min(n, 1024));
            completeListingIfDone(p);
        } else {
            pending.poll();
            p.future.complete(result);
        }
    }

    private void message(ChannelHandlerContext ctx, Pending p, List<String> f, byte[] line) {
        try {
            p.messages.add(ReplyLines.message(f));
        } catch (IllegalArgumentException e) {
            unexpected(ctx, p, line);
            return;
        }
        completeListingIfDone(p);
    }

    private void completeListingIfDone(Pending p) {
        if (p.messages.size() == p.expected) {
            pending.poll();
            p.future.complete(List.copyOf(p.messages));
        }
    }

    private static boolean ok(List<String> f, int size, String word) {
        return f.size() == size && Wire.OK.equals(f.get(0)) && word.equals(f.get(1));
    }

    private static Long number(String s) {
        if (s.isEmpty() || s.length() > 19) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return null;
            }
        }
        return Long.parseLong(s);
    }

    private void unexpected(ChannelHandlerContext ctx, Pending p, byte[] line) {
        fail(ctx, new MailException(MailException.Reason.UNEXPECTED_REPLY,
                "unexpected reply to " + p.kind.name().toLowerCase() + ": " + show(line)));
    }

    private void fail(ChannelHandlerContext ctx, MailException e) {
        if (failure == null) {
            failure = e;
        }
        Pending p;
        while ((p = pending.poll()) != null) {
            p.future.completeExceptionally(failure);
        }
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        fail(ctx, new MailException(MailException.Reason.CONNECTION_CLOSED, "the server closed the connection"));
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable c = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (c instanceof SSLException) {
            fail(ctx, new MailException(MailException.Reason.TLS, "TLS failed: " + c.getMessage(), c));
        } else if (c instanceof TooLongFrameException) {
            fail(ctx, new MailException(MailException.Reason.UNEXPECTED_REPLY, "reply too long: " + c.getMessage(), c));
        } else {
            fail(ctx, new MailException(MailException.Reason.IO, "connection failed: " + MailException.describe(c), c));
        }
    }

    /** A short printable form of a reply, for messages. */
    static String show(byte[] line) {
        String s = new String(line, 0, Math.min(line.length, 120), StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder("\"");
        s.codePoints().forEach(cp -> sb.append(cp < 0x20 || cp == 0x7F ? String.format("\\x%02x", cp)
                : new String(Character.toChars(cp))));
        return sb.append(line.length > 120 ? "...\"" : "\"").toString();
    }
}
