package dev.courier.transfer.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** The trailer line that says what a verified body is (spec section 4). */
public sealed interface Trailer extends TransferFrame permits Trailer.Text, Trailer.Json, Trailer.File {
    /** {@code TEXT}: UTF-8 text. */
    record Text() implements Trailer {
    }

    /** {@code JSON}: a UTF-8 JSON document. */
    record Json() implements Trailer {
    }

    /** {@code FILE name}: a file; {@code name} is decoded, and not yet checked for safety. */
    record File(String name) implements Trailer {
    }

    /** The one {@code TEXT} trailer. */
    Trailer TEXT = new Text();
    /** The one {@code JSON} trailer. */
    Trailer JSON = new Json();

    /** The trailer's line on the wire, CR LF included, with a file name %XX-encoded. */
    static byte[] encode(Trailer t) {
        String line;
        if (t instanceof Text) {
            line = "TEXT";
        } else if (t instanceof Json) {
            line = "JSON";
        } else {
            line = "FILE " + percentEncode(((File) t).name());
        }
        return (line + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** {@code %} and every UTF-8 byte outside 0x20-0x7E written as {@code %XX} (upper-case hex). */
    static String percentEncode(String name) {
        StringBuilder b = new StringBuilder();
        for (byte x : name.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xFF;
            if (c == '%' || c < 0x20 || c > 0x7E) {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            } else {
                b.append((char) c);
            }
        }
        return b.toString();
    }

    /**
     * A name as one word of an extension line: {@link #percentEncode} with the space written {@code %20} too, since
     * words are separated by spaces there. {@link #percentDecode} reads it back.
     */
    static String percentEncodeWord(String name) {
        return percentEncode(name).replace(" ", "%20");
    }

    /**
     * Parses a trailer line without its CR LF: a {@link Trailer}, or a {@link TransferFrame.Violation} saying why
     * the line is none.
     */
    static TransferFrame parse(byte[] line) {
        for (byte x : line) {
            if (x < 0x20 || x > 0x7E) {
                return new TransferFrame.Violation("bad trailer: bytes outside 0x20-0x7E must be %XX");
            }
        }
        String s = new String(line, StandardCharsets.US_ASCII);
        if (s.equals("TEXT")) {
            return TEXT;
        }
        if (s.equals("JSON")) {
            return JSON;
        }
        if (s.startsWith("FILE ")) {
            String name = percentDecode(s.substring(5));
            return name == null ? new TransferFrame.Violation("bad file name: broken %XX or not UTF-8")
                    : new File(name);
        }
        return new TransferFrame.Violation("bad trailer: not TEXT, JSON or FILE name");
    }

    /** Decodes every {@code %XX} and then UTF-8; null when an escape or the UTF-8 is broken. */
    static String percentDecode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '%') {
                out.write(c);
                continue;
            }
            int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
            int lo = hi >= 0 ? Character.digit(s.charAt(i + 2), 16) : -1;
            if (lo < 0) {
                return null;
            }
            out.write(hi << 4 | lo);
            i += 2;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(out.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
