package dev.courier.kv.rsa;

import io.netty.handler.codec.DecoderException;

/**
 * The peer broke the RSA edition's framing: a malformed or oversized PEM key, a block that does not decrypt, a
 * partial block at the end. Extends {@link DecoderException} so handlers treat it as the peer's fault, not a bug.
 */
public final class RsaProtocolException extends DecoderException {
    /** An exception saying what the peer did wrong. */
    public RsaProtocolException(String message) {
        super(message);
    }

    /** An exception saying what the peer did wrong, with the library's own cause. */
    public RsaProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
