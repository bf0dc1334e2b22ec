package dev.courier.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The shared token of a transfer receiver, which a sender gives with {@code AUTH} (docs/transfer-protocol.md):
 * printable ASCII without spaces, {@link #MIN_CHARS} to {@link #MAX_CHARS} characters. It is never printed: its
 * {@link #id()} (a short hash) stands for it in logs and as the sender's identity.
 */
public final class TransferToken {
    /** Shortest token accepted: 16 random characters are out of reach of guessing through the throttle. */
    public static final int MIN_CHARS = 16;
    /** Longest token: it must fit one extension line ({@code 0xFF AUTH token CR LF}, at most 2 038 bytes). */
    public static final int MAX_CHARS = 1024;
    /** Largest token file read: a token is one short line; anything larger is the wrong file. */
    public static final int MAX_FILE_BYTES = 4096;

    private final String value;
    private final byte[] sha256;

    private TransferToken(String value) {
        this.value = value;
        this.sha256 = sha256(value);
    }

    /**
     * The token {@code text} holds, trimmed of surrounding white space.
     *
     * @throws IllegalArgumentException when it is too short, too long, or holds a space or a byte outside
     *                                  0x21-0x7E (the message never quotes the token)
     */
    public static TransferToken of(String text) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("the token is empty");
        }
        if (t.length() < MIN_CHARS) {
            throw new IllegalArgumentException("the token is too short: " + t.length() + " characters, at least "
                    + MIN_CHARS + " are needed (e.g. openssl rand -hex 16)");
        }
        if (t.length() > MAX_CHARS) {
            throw new IllegalArgumentException("the token is too long: more than " + MAX_CHARS + " characters");
        }
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c < 0x21 || c > 0x7E) {
                throw new IllegalArgumentException("the token may hold only printable ASCII without spaces "
                        + "(character " + (i + 1) + " is not)");
            }
        }
        return new TransferToken(t);
    }

    /** The token in {@code file} (its one line, trimmed). */
    public static TransferToken read(Path file) throws IOException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_FILE_BYTES + 1);
        }
        if (bytes.length > MAX_FILE_BYTES) {
            throw new IllegalArgumentException("the token file is larger than " + MAX_FILE_BYTES + " bytes");
        }
        return of(new String(bytes, StandardCharsets.ISO_8859_1));
    }

    /** Whether {@code candidate} is this token, compared in constant time (SHA-256s, MessageDigest.isEqual). */
    public boolean matches(String candidate) {
        return candidate != null && MessageDigest.isEqual(sha256, sha256(candidate));
    }

    /** {@code token:} and the first 8 hex digits of the token's SHA-256: what logs and resume know it by. */
    public String id() {
        return "token:" + HexFormat.of().formatHex(sha256, 0, 4);
    }

    /** The token itself, for the sender's {@code AUTH} line only. */
    public String value() {
        return value;
    }

    /** Never the token: its id. */
    @Override
    public String toString() {
        return "TransferToken[" + id() + "]";
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.ISO_8859_1));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
