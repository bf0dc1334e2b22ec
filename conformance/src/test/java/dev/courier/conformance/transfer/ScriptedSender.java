package dev.courier.conformance.transfer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A small blocking sender written for the kit's tests from docs/transfer-protocol.md, that can be told to break
 * one rule: the kit in receiver mode must tell each broken variant from the correct one. Sends one file per run.
 */
final class ScriptedSender {
    /** The rules a variant breaks. */
    enum Bug {
        /** None: follows the page. */
        NONE,
        /** Takes NACK1 for an ACK of the same size: goes on with the next bytes instead of sending the frame again. */
        IGNORES_NACK1,
        /** Takes NACK2 for NACK1: sends the last frame again instead of starting over. */
        DOES_NOT_RESTART_ON_NACK2,
        /** Writes every later frame's CRC-32 one off. */
        WRONG_CRC,
        /** Sends chunks of 1998 bytes whatever the receiver asks. */
        IGNORES_ACK_N,
        /** Sends the file's path in its trailer, not its base name. */
        SENDS_A_PATH
    }

    private ScriptedSender() {
    }

    /** Connects to {@code port} on loopback and sends {@code body} as the file {@code name}; returns at any end. */
    static void send(int port, byte[] body, String name, Bug bug) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(10_000);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            restart:
            while (true) {
                byte[] last = TransferWire.first(body);
                int at = Math.min(body.length, TransferWire.FIRST_CHUNK_BYTES);
                int lastN = at;
                out.write(last);
                while (true) {
                    String r = readLine(in);
                    if (r.equals("ACK")) {
                        break restart;
                    }
                    if (r.equals("NACK1") && bug != Bug.IGNORES_NACK1 || r.equals("NACK2")
                            && bug == Bug.DOES_NOT_RESTART_ON_NACK2) {
                        out.write(last);
                        continue;
                    }
                    if (r.equals("NACK2")) {
                        continue restart;
                    }
                    int n;
                    if (r.startsWith("ACK ")) {
                        n = Integer.parseInt(r.substring(4));
                    } else if (r.equals("NACK1")) {
                        n = Math.min(lastN, body.length - at);
                    } else {
                        return;
                    }
                    if (bug == Bug.IGNORES_ACK_N) {
                        n = Math.min(TransferWire.FIRST_CHUNK_BYTES, body.length - at);
                    }
                    byte[] chunk = TransferWire.slice(body, at, n);
                    int crc = TransferWire.crc(chunk, 0, n) + (bug == Bug.WRONG_CRC ? 1 : 0);
                    last = TransferWire.next(crc, chunk);
                    out.write(last);
                    at += n;
                    lastN = n;
                }
            }
            out.write(TransferWire.line("FILE " + (bug == Bug.SENDS_A_PATH ? "outbox/" : "") + name));
            readLine(in);
        }
    }

    /** A reply line without its CR LF; "" when the receiver closed. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
            b.write(c);
        }
        String s = b.toString(StandardCharsets.US_ASCII);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }
}
