package dev.courier.core.net;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.group.ChannelGroup;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;

/** What every server does with its connections and addresses: drain on shutdown, tell loopback from the rest. */
public final class Connections {
    /** How long a graceful close waits for replies already written to reach their clients. */
    public static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(5);

    private Connections() {
    }

    /**
     * Lets every connection send what was already written to it, then closes it; waits at most
     * {@link #DRAIN_TIMEOUT} for that, then closes whatever is left.
     */
    public static void drainAndClose(ChannelGroup channels) {
        for (Channel ch : channels) {
            // An empty write completes after every earlier write has gone out.
            ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
        channels.newCloseFuture().awaitUninterruptibly(DRAIN_TIMEOUT.toMillis());
        channels.close().awaitUninterruptibly(DRAIN_TIMEOUT.toMillis());
    }

    /** Whether {@code host} names a loopback address (an unresolvable name is not loopback). */
    public static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }
}
