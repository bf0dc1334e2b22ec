package dev.courier.transfer.protocol;

import java.nio.charset.StandardCharsets;

/** A reply line of the receiver (spec section 3), without its CR LF. */
public sealed interface TransferReply {
    /** The reply's line as sent, CR LF included. */
    String line();

    /** The reply's bytes on the wire. */
    default byte[] bytes() {
        return line().getBytes(StandardCharsets.US_ASCII);
    }

    /** {@code ACK n}: the frame was good, send the next {@code n} bytes. */
    record Next(int n) implements TransferReply {
        /** Checks {@code n} is positive. */
        public Next {
            if (n < 1) {
                throw new IllegalArgumentException("ACK n needs n >= 1, was " + n);
            }
        }

        @Override
        public String line() {
            return "ACK " + n + "\r\n";
        }
    }

    /** Bare {@code ACK}: the body is complete and verified, or the trailer's message was delivered. */
    record Ack() implements TransferReply {
        @Override
        public String line() {
            return "ACK\r\n";
        }
    }

    /** {@code NACK1}: this frame's CRC-32 did not match; send it again. */
    record Nack1() implements TransferReply {
        @Override
        public String line() {
            return "NACK1\r\n";
        }
    }

    /** {@code NACK2}: the whole body's SHA-256 did not match; start the message again. */
    record Nack2() implements TransferReply {
        @Override
        public String line() {
            return "NACK2\r\n";
        }
    }

    /** {@code ERR reason}: the receiver refuses and closes the connection. */
    record Err(String reason) implements TransferReply {
        /** Keeps the reason printable ASCII, one line, and short. */
        public Err {
            reason = sanitize(reason);
        }

        @Override
        public String line() {
            return "ERR " + reason + "\r\n";
        }

        private static String sanitize(String s) {
            return printable(s == null || s.isBlank() ? "refused" : s);
        }

        /** {@code in} with every character outside 0x20-0x7E written {@code ?}, cut to the longest reason. */
        static String printable(String in) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < in.length() && b.length() < TransferProtocol.MAX_REASON_CHARS; i++) {
                char c = in.charAt(i);
                b.append(c >= 0x20 && c < 0x7F ? c : '?');
            }
            return b.toString();
        }
    }

    /**
     * {@code OK} or {@code OK args}: the answer to an extension line that the receiver accepts (not a reply of the
     * spec: only a sender that sent an extension line gets one).
     */
    record Ok(String args) implements TransferReply {
        /** Keeps the arguments printable ASCII, one line, and short; null means none. */
        public Ok {
            args = args == null ? "" : Err.printable(args);
        }

        @Override
        public String line() {
            return args.isEmpty() ? "OK\r\n" : "OK " + args + "\r\n";
        }
    }

    /** The one bare {@code ACK}. */
    TransferReply ACK = new Ack();
    /** The one {@code NACK1}. */
    TransferReply NACK1 = new Nack1();
    /** The one {@code NACK2}. */
    TransferReply NACK2 = new Nack2();

    /**
     * Parses a reply line without its CR LF.
     *
     * @throws IllegalArgumentException when the line is no reply of the protocol
     */
    static TransferReply parse(String line) {
        switch (line) {
            case "ACK":
                return ACK;
            case "NACK1":
                return NACK1;
            case "NACK2":
                return NACK2;
            default:
                break;
        }
        if (line.startsWith("ACK ")) {
            String digits = line.substring(4);
            if (digits.isEmpty() || digits.length() > 10 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new IllegalArgumentException("bad ACK size: " + line);
            }
            long n = Long.parseLong(digits);
            if (n < 1 || n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("ACK size out of range: " + line);
            }
            return new Next((int) n);
        }
        if (line.equals("OK") || line.startsWith("OK ")) {
            return new Ok(line.length() > 3 ? line.substring(3) : "");
        }
        if (line.startsWith("ERR ") || line.equals("ERR")) {
            return new Err(line.length() > 4 ? line.substring(4) : "");
        }
        throw new IllegalArgumentException("not a reply: " + line);
    }
}
