package dev.courier.kv.protocol;

import java.nio.charset.StandardCharsets;

/** A reply of a KV server. */
public sealed interface KvReply {
    /** The replies that are one fixed line. */
    enum Status implements KvReply {
        /** {@code CONNECT: OK}. */
        CONNECT_OK("CONNECT: OK"),
        /** {@code CONNECT: ERROR}. */
        CONNECT_ERROR("CONNECT: ERROR"),
        /** {@code PUT: OK}. */
        PUT_OK("PUT: OK"),
        /** {@code PUT: ERROR}. */
        PUT_ERROR("PUT: ERROR"),
        /** {@code GET: ERROR}. */
        GET_ERROR("GET: ERROR"),
        /** {@code DELETE: OK}. */
        DELETE_OK("DELETE: OK"),
        /** {@code DELETE: ERROR}. */
        DELETE_ERROR("DELETE: ERROR"),
        /** {@code DISCONNECT: OK}. */
        DISCONNECT_OK("DISCONNECT: OK");

        private final String text;
        private final byte[] line;

        Status(String text) {
            this.text = text;
            this.line = (text + "\n").getBytes(StandardCharsets.US_ASCII);
        }

        /** The reply's text, without LF. */
        public String text() {
            return text;
        }

        /** The reply's bytes on the wire, LF included. */
        public byte[] line() {
            return line.clone();
        }

        byte[] wire() {
            return line;
        }
    }

    /** A found value: {@code GET value} LF, then its CRC-32 in decimal LF (RSA edition: the bare value). */
    record Value(byte[] value, long crc) implements KvReply {
    }
}
