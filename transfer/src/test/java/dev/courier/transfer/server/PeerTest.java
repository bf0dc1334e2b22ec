package dev.courier.transfer.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.transfer.TransferToken;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import org.junit.jupiter.api.Test;

/** The sender's identity: the token's id once AUTH was accepted (never the token), else the peer's IP address. */
class PeerTest {
    /** A channel whose peer is 192.0.2.7:50000. */
    private static EmbeddedChannel from192() {
        return new EmbeddedChannel() {
            @Override
            protected SocketAddress remoteAddress0() {
                return new InetSocketAddress("192.0.2.7", 50000);
            }
        };
    }

    @Test
    void theAddressUntilATokenIsAcceptedThenTheTokensId() {
        EmbeddedChannel ch = from192();
        Peer p = new Peer(ch);
        assertThat(p.senderId()).isEqualTo("ip:192.0.2.7");
        assertThat(p.certificateSubject()).isNull();
        TransferToken token = TransferToken.of("7c1d0e5a9b3f4e21a8d6c0b2e4f61357");
        p.tokenAccepted(token.id());
        assertThat(p.senderId()).isEqualTo("token:aa32d487").doesNotContain(token.value());
        assertThat(p.tokenGiven()).isTrue();
        ch.finishAndReleaseAll();
    }
}
