package dev.courier.kv.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.courier.core.tls.TlsContexts;
import dev.courier.kv.KvServerExtension;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.OpenSslSession;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Which TLS key exchange the server agrees to: the post-quantum hybrid when offered, X25519 otherwise. */
class KvKeyExchangeTest {
    @RegisterExtension
    final KvServerExtension kv = new KvServerExtension();

    private String negotiated(String[] groups) throws Exception {
        SslContext ctx = TlsContexts.client(TlsContexts.ClientTrust.caFile(KvServerExtension.caCert()), groups);
        EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            SslHandler[] tls = new SslHandler[1];
            Channel ch = new Bootstrap().group(loop).channel(NioSocketChannel.class)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel c) {
                            tls[0] = ctx.newHandler(c.alloc(), "localhost", kv.port());
                            c.pipeline().addLast(tls[0]);
                        }
                    }).connect("localhost", kv.port()).sync().channel();
            assertThat(tls[0].handshakeFuture().await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(tls[0].handshakeFuture().isSuccess()).isTrue();
            String group = ((OpenSslSession) tls[0].engine().getSession()).getNamedGroup();
            ch.close().sync();
            return group;
        } finally {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    @Test
    void thePostQuantumHybridIsChosenWhenTheClientOffersIt() throws Exception {
        assumeThat(TlsContexts.provider()).isEqualTo(SslProvider.OPENSSL);
        assertThat(negotiated(null)).isEqualTo("X25519MLKEM768");
    }

    @Test
    void aClientCanOfferX25519Alone() throws Exception {
        assumeThat(TlsContexts.provider()).isEqualTo(SslProvider.OPENSSL);
        assertThat(negotiated(new String[] {"X25519"})).isEqualTo("X25519");
    }

    @Test
    void groupsCannotBeChosenWithoutOpenSsl() {
        assumeThat(TlsContexts.provider()).isEqualTo(SslProvider.OPENSSL);
        System.setProperty("courier.tls.jdk", "true");
        try {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> TlsContexts.client(
                    TlsContexts.ClientTrust.trustAll(), new String[] {"X25519"}))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("OpenSSL only");
        } finally {
            System.clearProperty("courier.tls.jdk");
        }
    }
}
