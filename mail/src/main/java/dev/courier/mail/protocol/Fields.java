package dev.courier.mail.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The payload's fields: joined by {@code :}, with {@code %}, {@code :}, {@code #}, CR and LF inside a field written
 * {@code %25}, {@code %3A}, {@code %23}, {@code %0D}, {@code %0A}. Reading accepts any {@code %XX} (hex digits of
 * either case) and then requires well-formed UTF-8.
 */
public final class Fields {
    /** The separator of fields. */
    public static final char SEPARATOR = ':';

    private Fields() {
    }

    /** Escapes one field's text. */
    public static String escape(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String e = switch (c) {
                case '%' -> "%25";
                case ':' -> "%3A";
                case '#' -> "%23";
                case '\r' -> "%0D";
                case '\n' -> "%0A";
                default -> null;
            };
            if (e != null && sb == null) {
                sb = new StringBuilder(s.length() + 8).append(s, 0, i);
            }
            if (sb != null) {
                if (e != null) {
                    sb.append(e);
                } else {
                    sb.append(c);
                }
            }
        }
        return sb == null ? s : sb.toString();
    }

    /** Escapes each field and joins them with {@code :}. */
    public static String join(String... fields) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                sb.append(SEPARATOR);
            }
            sb.append(escape(fields[i]));
        }
        return sb.toString();
    }

    /** Splits payload bytes {@code [off, off+len)} at every raw {@code :} into raw (still escaped) fields. */
    public static List<byte[]> splitRaw(byte[] b, int off, int len) {
        List<byte[]> out = new ArrayList<>(6);
        int start = off;
        int end = off + len;
        for (int i = off; i < end; i++) {
            if (b[i] == SEPARATOR) {
                out.add(java.util.Arrays.copyOfRange(b, start, i));
                start = i + 1;
            }
        }
        out.add(java.util.Arrays.copyOfRange(b, start, end));
        return out;
    }

    /** Reverses the escaping of one raw field and decodes it as UTF-8. */
    public static String unescape(byte[] raw) throws MalformedFieldException {
        ByteArrayOutputStream out = null;
        for (int i = 0; i < raw.length; i++) {
            byte c = raw[i];
            if (c == '%') {
                if (out == null) {
                    out = new ByteArrayOutputStream(raw.length);
                    out.write(raw, 0, i);
                }
                int hi = i + 2 < raw.length ? hexValue(raw[i + 1]) : -1;
                int lo = hi >= 0 ? hexValue(raw[i + 2]) : -1;
                if (lo < 0) {
                    throw new MalformedFieldException("bad escape; '%' must be followed by two hex digits");
                }
                out.write(hi << 4 | lo);
                i += 2;
            } else if (out != null) {
                out.write(c);
            }
        }
        return utf8(out == null ? raw : out.toByteArray());
    }

    /** Strict UTF-8 decoding: malformed input is an error, not a replacement character. */
    public static String utf8(byte[] b) throws MalformedFieldException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedFieldException("not UTF-8");
        }
    }

    private static int hexValue(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /** A field that cannot be read: a bad escape or bytes that are not UTF-8. */
    public static final class MalformedFieldException extends Exception {
        /** An exception with a text fit to show a peer. */
        public MalformedFieldException(String message) {
            super(message, null, false, false);
        }
    }
}
