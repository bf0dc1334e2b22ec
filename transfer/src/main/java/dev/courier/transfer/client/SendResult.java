package dev.courier.transfer.client;

import java.util.HexFormat;

/**
 * What a send achieved, once the receiver acknowledged delivery.
 *
 * @param size   body bytes
 * @param sha256 SHA-256 of the body as sent (after the byte hook, if any)
 * @param frames frames sent, repeats included
 * @param nack1  frames the receiver asked for again (CRC-32 failed)
 * @param nack2  times the receiver asked for the whole body again (SHA-256 failed)
 */
public record SendResult(long size, byte[] sha256, int frames, int nack1, int nack2) {
    /** A copy of the SHA-256. */
    @Override
    public byte[] sha256() {
        return sha256.clone();
    }

    /** SHA-256 in lower-case hex. */
    public String sha256Hex() {
        return HexFormat.of().formatHex(sha256);
    }
}
