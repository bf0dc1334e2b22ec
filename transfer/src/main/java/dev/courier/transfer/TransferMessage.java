package dev.courier.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.HexFormat;

/** A message the receiver delivered: complete and verified by its SHA-256. */
public sealed interface TransferMessage permits TransferMessage.Text, TransferMessage.Json, TransferMessage.File {
    /** What a message is, as its trailer said. */
    enum Kind {
        /** UTF-8 text. */
        TEXT,
        /** A JSON document. */
        JSON,
        /** A file. */
        FILE
    }

    /** The kind of the message. */
    Kind kind();

    /** Body length in bytes. */
    long size();

    /** SHA-256 of the body (a copy). */
    byte[] sha256();

    /** SHA-256 of the body in lower-case hex. */
    default String sha256Hex() {
        return HexFormat.of().formatHex(sha256());
    }

    /** A text message. */
    record Text(String text, long size, byte[] sha256) implements TransferMessage {
        @Override
        public Kind kind() {
            return Kind.TEXT;
        }

        @Override
        public byte[] sha256() {
            return sha256.clone();
        }
    }

    /** A JSON message: the parsed document and its text as sent. */
    record Json(JsonNode json, String text, long size, byte[] sha256) implements TransferMessage {
        @Override
        public Kind kind() {
            return Kind.JSON;
        }

        @Override
        public byte[] sha256() {
            return sha256.clone();
        }
    }

    /** A file, renamed into place in the receiver's directory; {@code name} is the name the sender gave. */
    record File(Path path, String name, long size, byte[] sha256) implements TransferMessage {
        @Override
        public Kind kind() {
            return Kind.FILE;
        }

        @Override
        public byte[] sha256() {
            return sha256.clone();
        }
    }
}
