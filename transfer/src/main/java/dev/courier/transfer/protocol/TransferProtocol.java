package dev.courier.transfer.protocol;

/** The fixed numbers of the transfer protocol (spec sections 2 to 4). */
public final class TransferProtocol {
    /** Default TCP port of the transfer service. */
    public static final int DEFAULT_PORT = 7404;
    /** Bytes of a message's first header: size, CR LF, SHA-256, CR LF, CRC-32, CR LF. */
    public static final int FIRST_HEADER_BYTES = 50;
    /** Bytes of every later frame's header: CRC-32, CR LF. */
    public static final int CHUNK_HEADER_BYTES = 6;
    /** Body bytes carried by the first frame, so that the first frame is 2048 bytes. */
    public static final int FIRST_CHUNK_BYTES = 1998;
    /** Bytes of the largest first frame: its header and a full first chunk. */
    public static final int FIRST_FRAME_BYTES = FIRST_HEADER_BYTES + FIRST_CHUNK_BYTES;
    /** Longest trailer line, its CR LF included. */
    public static final int MAX_TRAILER_BYTES = 2038;
    /** Bytes of a SHA-256. */
    public static final int SHA256_BYTES = 32;
    /** Longest reply line a sender accepts, its CR LF included. */
    public static final int MAX_REPLY_BYTES = 512;
    /** Longest reason the receiver puts in an {@code ERR} reply. */
    public static final int MAX_REASON_CHARS = 200;
    /**
     * The byte that opens an extension line where a first frame may begin. A spec sender never sends it there: a
     * first frame starting with it has its size's top bit set, which the spec forbids.
     */
    public static final int EXTENSION_MARK = 0xFF;
    /**
     * The reason a receiver gives for a first frame whose size has its top bit set; a spec-only receiver gives it
     * for an extension line, which is how a sender knows it speaks only the spec.
     */
    public static final String SIZE_BEYOND_LIMIT = "bad header: size beyond 2^63-1";
    /** Longest extension line, its leading 0xFF and CR LF included (the trailer's limit). */
    public static final int MAX_EXTENSION_BYTES = MAX_TRAILER_BYTES;

    private TransferProtocol() {
    }

    /** Body bytes of the first frame of a body of {@code size} bytes. */
    public static int firstChunkBytes(long size) {
        return (int) Math.min(size, FIRST_CHUNK_BYTES);
    }
}
