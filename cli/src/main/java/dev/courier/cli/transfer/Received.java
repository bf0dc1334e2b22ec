package dev.courier.cli.transfer;

import dev.courier.transfer.TransferMessage;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** One-line descriptions of delivered messages, shared by serve's log and receive's output. */
public final class Received {
    private Received() {
    }

    /** Kind, size and SHA-256, and for a file its sent name and where it landed; never a text's content. */
    public static String describe(TransferMessage m) {
        String head = m.kind() + " " + m.size() + " bytes sha256 " + m.sha256Hex();
        return m instanceof TransferMessage.File f ? head + " '" + f.name() + "' -> " + f.path() : head;
    }

    /** Whether {@code host} names a loopback address (an unknown name counts as not). */
    public static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
