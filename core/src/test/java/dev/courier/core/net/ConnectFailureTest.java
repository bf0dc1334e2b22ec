package dev.courier.core.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ConnectFailureTest {
    @Test
    void aRefusedConnectOfTheRealTransportReadsAsRefused() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Transport t = Transport.best();
        EventLoopGroup g = t.newGroup(1, "connect-failure-test");
        try {
            ChannelFuture f = new Bootstrap().group(g).channel(t.clientChannel())
                    .handler(new ChannelInboundHandlerAdapter())
                    .connect(InetAddress.getLoopbackAddress(), port).awaitUninterruptibly();
            assertThat(f.isSuccess()).isFalse();
            assertThat(ConnectFailure.describe(f.cause()))
                    .isEqualTo("connection refused");
            assertThat(ConnectFailure.refused(new IOException("wrapped", f.cause()))).isTrue();
        } finally {
            g.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void otherFailuresKeepTheirReasonWithoutTheSystemCall() {
        assertThat(ConnectFailure.describe(new UnknownHostException("nowhere.invalid")))
                .isEqualTo("unknown host nowhere.invalid");
        assertThat(ConnectFailure.describe(
                new ConnectException("finishConnect(..) failed with error(-113): Host is down")))
                .isEqualTo("Host is down");
        assertThat(ConnectFailure.refused(new UnknownHostException("nowhere.invalid"))).isFalse();
        assertThat(ConnectFailure.describe(new IOException("bind(..) failed with error(-98): Address already in use")))
                .isEqualTo("address already in use (another program listens on that port)");
        assertThat(ConnectFailure.describe(new IOException("bind(..) failed with error(-13): Permission denied")))
                .isEqualTo("Permission denied");
    }

    @Test
    void theRootMessageIsTheInnermostOneThatSaysSomething() {
        Exception chain = new java.util.concurrent.ExecutionException(new RuntimeException("General OpenSslEngine "
                + "problem", new javax.net.ssl.SSLHandshakeException("unable to find valid certification path")));
        assertThat(ConnectFailure.rootMessage(chain)).isEqualTo("unable to find valid certification path");
        assertThat(ConnectFailure.rootMessage(new IllegalStateException())).isEqualTo("IllegalStateException");
    }
}
