package dev.courier.core.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class PerAddressCounterTest {
    @Test
    void eachAddressHasItsOwnShareAndIsForgottenAtZero() {
        PerAddressCounter c = new PerAddressCounter(2);
        assertThat(c.tryAcquire("a")).isTrue();
        assertThat(c.tryAcquire("a")).isTrue();
        assertThat(c.tryAcquire("a")).isFalse();
        assertThat(c.tryAcquire("b")).isTrue();
        assertThat(c.held("a")).isEqualTo(2);
        c.release("a");
        assertThat(c.tryAcquire("a")).isTrue();
        c.release("a");
        c.release("a");
        c.release("b");
        assertThat(c.addresses()).isZero();
    }

    @Test
    void ipv6PeersCountByTheirSlash64() throws Exception {
        String a = PeerAddress.keyOf(new InetSocketAddress(InetAddress.getByName("2001:db8:1:2:aaaa::1"), 1));
        String b = PeerAddress.keyOf(new InetSocketAddress(InetAddress.getByName("2001:db8:1:2:bbbb::9"), 2));
        String other = PeerAddress.keyOf(new InetSocketAddress(InetAddress.getByName("2001:db8:1:3::1"), 2));
        assertThat(a).isEqualTo(b).endsWith("/64");
        assertThat(other).isNotEqualTo(a);
        assertThat(PeerAddress.keyOf(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 5)))
                .isEqualTo("127.0.0.2");
    }
}
