package dev.courier.core.net;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Arrays;

/**
 * The key by which per-address limits count a peer: an IPv4 address whole, an IPv6 address by its /64 prefix
 * (one host is commonly given a whole /64, so counting single IPv6 addresses would give it billions of shares).
 */
public final class PeerAddress {
    private PeerAddress() {
    }

    /** The counting key of a remote address; a non-IP address (a test's local channel) is its own key. */
    public static String keyOf(SocketAddress remote) {
        if (remote instanceof InetSocketAddress isa && isa.getAddress() != null) {
            return keyOf(isa.getAddress());
        }
        return String.valueOf(remote);
    }

    /** The counting key of an IP address. */
    public static String keyOf(InetAddress a) {
        if (a instanceof Inet6Address && !a.isLoopbackAddress()) {
            byte[] b = Arrays.copyOf(a.getAddress(), 16);
            Arrays.fill(b, 8, 16, (byte) 0);
            try {
                return InetAddress.getByAddress(b).getHostAddress() + "/64";
            } catch (java.net.UnknownHostException e) {
                throw new AssertionError(e);
            }
        }
        return a.getHostAddress();
    }
}
