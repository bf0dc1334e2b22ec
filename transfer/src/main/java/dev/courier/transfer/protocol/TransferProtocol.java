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

    private TransferProtocol() {
    }

    /** Body bytes of the first frame of a body of {@code size} bytes. */
    public static int firstChunkBytes(long size) {
        return (int) Math.min(size, FIRST_CHUNK_BYTES);
    }
}
