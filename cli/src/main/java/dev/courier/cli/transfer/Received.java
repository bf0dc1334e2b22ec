package dev.courier.cli.transfer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.courier.cli.Io;
import dev.courier.cli.Printable;
import dev.courier.transfer.TransferMessage;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** How delivered messages are shown: one-line descriptions for serve's log, and receive's output. */
public final class Received {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Received() {
    }

    /**
     * Kind, size and SHA-256, and for a file its sent name and where it landed (control characters escaped); never
     * a text's content.
     */
    public static String describe(TransferMessage m) {
        String head = m.kind() + " " + m.size() + " bytes sha256 " + m.sha256Hex();
        return m instanceof TransferMessage.File f
                ? head + " '" + Printable.line(f.name()) + "' -> " + Printable.line(f.path().toString()) : head;
    }

    /**
     * Prints {@code m} as receive does: its description on stderr; the text, pretty JSON or file path on stdout, with
     * a sender's control characters escaped ({@link Printable}): what arrives cannot drive the terminal.
     */
    static void print(TransferMessage m, Io io) {
        io.err().println("received " + describe(m));
        io.err().flush();
        if (m instanceof TransferMessage.Text t) {
            io.out().println(Printable.text(t.text()));
        } else if (m instanceof TransferMessage.Json j) {
            io.out().println(Printable.text(pretty(j)));
        } else if (m instanceof TransferMessage.File f) {
            io.out().println(Printable.line(f.path().toString()));
        }
        io.out().flush();
    }

    private static String pretty(TransferMessage.Json j) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(j.json());
        } catch (JsonProcessingException e) {
            return j.text();
        }
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
