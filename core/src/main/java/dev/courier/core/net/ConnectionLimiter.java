package dev.courier.core.net;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Admits a new connection only while the listener holds fewer than its maximum in all and its peer's address
 * fewer than its per-address maximum; the first handler of every service's pipeline, so a refused connection
 * costs no TLS handshake. One connection therefore cannot be used to hold all slots from one address.
 *
 * <p>A refused connection is either closed at once ({@link Refusal#CLOSE}), or marked and passed on
 * ({@link Refusal#MARK}) so that a service whose spec answers the refusal (mail's {@code ERR:limit}) can do so;
 * a marked connection holds no slot.
 */
@Sharable
public final class ConnectionLimiter extends ChannelInboundHandlerAdapter {
    /** What happens to a connection over a limit. */
    public enum Refusal { CLOSE, MARK }

    /** Which limit refused a connection. */
    public enum Reason {
        TOO_MANY_CONNECTIONS("too many connections"),
        TOO_MANY_FROM_ADDRESS("too many connections from your address");

        private final String text;

        Reason(String text) {
            this.text = text;
        }

        /** Words for a peer or a log line. */
        public String text() {
            return text;
        }
    }

    private static final AttributeKey<Reason> REFUSED = AttributeKey.valueOf("courier.connectionRefused");

    private final int max;
    private final PerAddressCounter perAddress;
    private final Refusal refusal;
    private final AtomicInteger open = new AtomicInteger();
    private final LongAdder refusedTotal = new LongAdder();
    private final LongAdder refusedAddress = new LongAdder();

    /** A limiter that closes connections over {@code max} in all or {@code maxPerAddress} from one address. */
    public ConnectionLimiter(int max, int maxPerAddress) {
        this(max, maxPerAddress, Refusal.CLOSE);
    }

    /** A limiter with the given limits and way of refusing. */
    public ConnectionLimiter(int max, int maxPerAddress, Refusal refusal) {
        if (max < 1) {
            throw new IllegalArgumentException("max connections must be at least 1, was " + max);
        }
        this.max = max;
        this.perAddress = new PerAddressCounter(maxPerAddress);
        this.refusal = refusal;
    }

    /** Why {@code ch} was refused by a {@link Refusal#MARK} limiter, or null if it was admitted. */
    public static Reason refusal(Channel ch) {
        return ch.attr(REFUSED).get();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        ctx.pipeline().remove(this);
        Reason reason = admit(ctx.channel());
        if (reason != null && refusal == Refusal.CLOSE) {
            ctx.close();
            return;
        }
        if (reason != null) {
            ctx.channel().attr(REFUSED).set(reason);
        }
        super.channelActive(ctx);
    }

    /** Counts {@code ch} in if both limits allow, releasing its slots when it closes; else the reason it is refused. */
    private Reason admit(Channel ch) {
        if (open.incrementAndGet() > max) {
            open.decrementAndGet();
            refusedTotal.increment();
            return Reason.TOO_MANY_CONNECTIONS;
        }
        String key = PeerAddress.keyOf(ch.remoteAddress());
        if (!perAddress.tryAcquire(key)) {
            open.decrementAndGet();
            refusedAddress.increment();
            return Reason.TOO_MANY_FROM_ADDRESS;
        }
        ch.closeFuture().addListener(f -> {
            perAddress.release(key);
            open.decrementAndGet();
        });
        return null;
    }

    /** Connections open now. */
    public int open() {
        return open.get();
    }

    /** Connections refused since start, for either limit. */
    public long refused() {
        return refusedTotal.sum() + refusedAddress.sum();
    }

    /** Connections refused since start because the listener was full. */
    public long refusedTotal() {
        return refusedTotal.sum();
    }

    /** Connections refused since start because their address held its share. */
    public long refusedPerAddress() {
        return refusedAddress.sum();
    }

    /** The per-address maximum. */
    public int maxPerAddress() {
        return perAddress.maxPerAddress();
    }
}
