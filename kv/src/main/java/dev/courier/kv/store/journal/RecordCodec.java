package dev.courier.kv.store.journal;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The record format, shared by journals and snapshots. A record is {@code length (u32) | crc (u32) | type (u8) |
 * payload}, big-endian; {@code length} counts type and payload, {@code crc} is CRC-32C over them. In a payload a
 * string or byte string is {@code u32 length | bytes} (strings UTF-8), an absent string has length 0xFFFFFFFF.
 */
final class RecordCodec {
    /** Bytes before the type: length and CRC. */
    static final int FRAME_BYTES = 8;
    /**
     * The largest length a record may claim. Far above any value the server accepts; a larger length can only be
     * damage, never a torn write, so it is never taken for a torn tail (which would drop what follows it).
     */
    static final int MAX_RECORD_BYTES = 1 << 30;

    static final byte CREATED = 1;
    static final byte PUT = 2;
    static final byte DELETED = 3;
    static final byte ERASED = 4;
    /** The snapshot's trailer: record count (u64) and CRC-32C (u32) over every byte between header and trailer. */
    static final byte TRAILER = 0x7F;
    static final int TRAILER_PAYLOAD_BYTES = 12;

    private static final int ABSENT = -1;

    private RecordCodec() {
    }

    /** A snapshot's trailer, decoded. */
    record Trailer(long records, int bodyCrc) {
    }

    /** A payload that does not decode as its type says, though its CRC matched. */
    static final class MalformedRecordException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedRecordException(String message) {
            super(message, null, false, false);
        }
    }

    /** The framed bytes of {@code c}. */
    static byte[] encode(Change c) {
        if (c instanceof Change.Created x) {
            return frame(CREATED, utf8(x.id()), x.salt(), x.digest(), x.creator() == null ? null : utf8(x.creator()));
        } else if (c instanceof Change.Put x) {
            return frame(PUT, utf8(x.id()), utf8(x.key()), x.value());
        } else if (c instanceof Change.Deleted x) {
            return frame(DELETED, utf8(x.id()), utf8(x.key()));
        }
        return frame(ERASED, utf8(((Change.Erased) c).id()));
    }

    /** The framed trailer. */
    static byte[] encodeTrailer(long records, int bodyCrc) {
        ByteBuffer b = ByteBuffer.allocate(FRAME_BYTES + 1 + TRAILER_PAYLOAD_BYTES);
        b.position(FRAME_BYTES);
        b.put(TRAILER).putLong(records).putInt(bodyCrc);
        return seal(b.array());
    }

    private static byte[] frame(byte type, byte[]... fields) {
        int n = FRAME_BYTES + 1;
        for (byte[] f : fields) {
            n += 4 + (f == null ? 0 : f.length);
        }
        ByteBuffer b = ByteBuffer.allocate(n);
        b.position(FRAME_BYTES);
        b.put(type);
        for (byte[] f : fields) {
            if (f == null) {
                b.putInt(ABSENT);
            } else {
                b.putInt(f.length).put(f);
            }
        }
        return seal(b.array());
    }

    /** Fills in length and CRC of a record laid out after an empty frame. */
    private static byte[] seal(byte[] r) {
        ByteBuffer.wrap(r).putInt(r.length - FRAME_BYTES).putInt(crc(r, FRAME_BYTES, r.length - FRAME_BYTES));
        return r;
    }

    /** CRC-32C over {@code len} bytes of {@code b} from {@code off}. */
    static int crc(byte[] b, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(b, off, len);
        return (int) c.getValue();
    }

    /**
     * Decodes a record's type and payload ({@code body}, its CRC already checked): a {@link Change}, or a
     * {@link Trailer}.
     */
    static Object decode(byte[] body) throws MalformedRecordException {
        ByteBuffer b = ByteBuffer.wrap(body);
        try {
            byte type = b.get();
            Object r = switch (type) {
                case CREATED -> new Change.Created(string(b), bytes(b), bytes(b), optionalString(b));
                case PUT -> new Change.Put(string(b), string(b), bytes(b));
                case DELETED -> new Change.Deleted(string(b), string(b));
                case ERASED -> new Change.Erased(string(b));
                case TRAILER -> new Trailer(b.getLong(), b.getInt());
                default -> throw new MalformedRecordException("unknown record type " + type);
            };
            if (b.hasRemaining()) {
                throw new MalformedRecordException(b.remaining() + " bytes after the record's fields");
            }
            return r;
        } catch (BufferUnderflowException e) {
            throw new MalformedRecordException("record fields run past its length");
        }
    }

    private static byte[] bytes(ByteBuffer b) throws MalformedRecordException {
        int n = b.getInt();
        if (n < 0 || n > b.remaining()) {
            throw new MalformedRecordException("field length " + Integer.toUnsignedString(n) + " runs past the record");
        }
        byte[] f = new byte[n];
        b.get(f);
        return f;
    }

    private static String string(ByteBuffer b) throws MalformedRecordException {
        return new String(bytes(b), StandardCharsets.UTF_8);
    }

    private static String optionalString(ByteBuffer b) throws MalformedRecordException {
        if (b.remaining() >= 4 && b.getInt(b.position()) == ABSENT) {
            b.getInt();
            return null;
        }
        return string(b);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
