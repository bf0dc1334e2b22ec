package dev.courier.mail.server;

import dev.courier.core.budget.MemoryBudget;
import dev.courier.core.net.ConnectionLimiter;
import dev.courier.core.net.LfFrameDecoder;
import dev.courier.core.net.PeerAddress;
import dev.courier.mail.MailLimits;
import dev.courier.mail.command.ConnectionMemory;
import dev.courier.mail.command.ListingShares;
import dev.courier.mail.protocol.MailReplyEncoder;
import dev.courier.mail.protocol.MailRequest;
import dev.courier.mail.protocol.MailRequestDecoder;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/** The pipeline of a mail connection, in its one order: limit → TLS → bounded framing → codec → idle → handler. */
public final class MailServerInitializer extends ChannelInitializer<SocketChannel> {
    private final SslContext ssl;
    private final MailLimits limits;
    private final ChannelGroup channels;
    private final ConnectionLimiter limiter;
    private final MailServerHandler.Shared shared;
    private final MemoryBudget budget;
    private final ListingShares shares;

    /** An initializer for connections of one listener; {@code ssl} is null for the clear-text form. */
    public MailServerInitializer(SslContext ssl, MailLimits limits, ChannelGroup channels, ConnectionLimiter limiter,
                                 MailServerHandler.Shared shared, MemoryBudget budget) {
        this.budget = budget;
        this.shares = new ListingShares(budget.limit() / ListingShares.ADDRESS_SHARE);
        this.limiter = limiter;
        this.ssl = ssl;
        this.limits = limits;
        this.channels = channels;
        this.shared = shared;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        channels.add(ch);
        ChannelPipeline p = ch.pipeline();
        // First: a connection over a limit is only marked, so the handler can answer it ERR:limit as the spec says.
        p.addLast("limit", limiter);
        if (ssl != null) {
            SslHandler tls = ssl.newHandler(ch.alloc());
            tls.setHandshakeTimeoutMillis(limits.handshakeTimeout().toMillis());
            p.addLast("tls", tls);
            shared.context().stats().handshakes.watch(tls);
        }
        // The connection's charges to the memory budget: its unfinished line past 4 KiB, its listing.
        ConnectionMemory memory = new ConnectionMemory(budget, shares, PeerAddress.keyOf(ch.remoteAddress()));
        // Core's one LF framer; a line over the limit becomes a TooLong request, answered ERR:limit and closed;
        // a line the budget cannot hold becomes a NoMemory request, answered the same way.
        p.addLast("frames", new LfFrameDecoder(limits.maxLineBytes(), MailRequest.TooLong::new, memory));
        p.addLast("decoder", MailRequestDecoder.INSTANCE);
        p.addLast("encoder", MailReplyEncoder.INSTANCE);
        if (!limits.idleTimeout().isZero()) {
            p.addLast("idle", new IdleStateHandler(0, 0, limits.idleTimeout().toMillis(), TimeUnit.MILLISECONDS));
        }
        p.addLast("handler", new MailServerHandler(shared, memory));
    }
}
