package dev.courier.kv.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.courier.kv.KvServerExtension;
import dev.courier.kv.RawTlsConnection;
import dev.courier.kv.Wire;
import dev.courier.kv.session.AccountsFile;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.time.Clock;
import java.util.Collections;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Spec section 3: open mode is the default on loopback; on any other address, without accounts and without open
 * mode asked for by name, only loopback peers may CONNECT (protected mode).
 */
class KvProtectedModeTest {
    @RegisterExtension
    final KvServerExtension kv = new KvServerExtension(cfg -> cfg.withHost("0.0.0.0"));

    private static Optional<InetAddress> nonLoopbackAddress() throws Exception {
        for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nif.isUp() || nif.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                    return Optional.of(a);
                }
            }
        }
        return Optional.empty();
    }

    private String connectFrom(String host) throws Exception {
        try (RawTlsConnection r = RawTlsConnection.open(host, kv.port())) {
            r.connect("p", Wire.hash(1));
            return r.readLine();
        }
    }

    private void restart(KvAuthMode mode) throws Exception {
        kv.start(kv.server().config().withMode(mode));
    }

    @Test
    void autoModeOnLoopbackIsOpenForEveryone() throws Exception {
        kv.start(kv.server().config().withHost("127.0.0.1"));
        assertThat(kv.server().mode()).isEqualTo(KvAuthMode.OPEN);
        assertThat(kv.server().loopbackOnly()).isFalse();
    }

    @Test
    void autoModeOnAPublicAddressServesLoopbackPeersOnly() throws Exception {
        assertThat(kv.server().mode()).isEqualTo(KvAuthMode.OPEN);
        assertThat(kv.server().loopbackOnly()).isTrue();
        assertThat(connectFrom("127.0.0.1")).isEqualTo("CONNECT: OK\n");
    }

    @Test
    void openModeAskedForByNameServesEveryone() throws Exception {
        restart(KvAuthMode.OPEN);
        assertThat(kv.server().loopbackOnly()).isFalse();
    }

    @Test
    void accountsLiftProtectedMode() throws Exception {
        AccountsFile.open(kv.server().config().accountsFile(), Clock.systemUTC()).put("p", Wire.hash(1));
        restart(KvAuthMode.AUTO);
        assertThat(kv.server().mode()).isEqualTo(KvAuthMode.ACCOUNTS);
        assertThat(kv.server().loopbackOnly()).isFalse();
    }

    @Test
    void aPeerOnAnotherAddressIsRefusedUnlessOpenModeIsAskedFor() throws Exception {
        Optional<InetAddress> other = nonLoopbackAddress();
        assumeTrue(other.isPresent(), "this machine has no non-loopback address to connect from");
        String host = other.get().getHostAddress();
        assertThat(connectFrom(host)).isEqualTo("CONNECT: ERROR\n");
        assertThat(kv.server().registry().table().sessions()).isZero();
        restart(KvAuthMode.OPEN);
        assertThat(connectFrom(host)).isEqualTo("CONNECT: OK\n");
    }
}
