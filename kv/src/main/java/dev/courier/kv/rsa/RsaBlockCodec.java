package dev.courier.kv.rsa;

import io.netty.buffer.ByteBuf;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.interfaces.RSAKey;
import java.security.interfaces.RSAPublicKey;
import javax.crypto.Cipher;

/**
 * One connection's blocks (spec section 8). Inbound: k-byte blocks under our key, decrypted one by one; a block
 * whose text is shorter than k-11 bytes and holds no LF ends its message, so an LF is added after its text.
 * Outbound: text cut into pieces of at most k-11 bytes of the peer's key, each ending at the latest at a message's
 * LF, each encrypted with the peer's public key. Not thread-safe: one per connection, used on its event loop.
 */
final class RsaBlockCodec {
    /** The cipher both directions use: RSAES-PKCS1-v1_5. */
    static final String TRANSFORMATION = "RSA/ECB/PKCS1Padding";
    private static final byte LF = '\n';

    private final Cipher decrypt;
    private final Cipher encrypt;
    private final int blockBytes;
    private final int pieceBytes;
    private final int peerBlockBytes;
    private final int peerPieceBytes;
    private final byte[] block;
    private final byte[] pending;
    private int pendingLength;

    /** A codec that decrypts with {@code own} and encrypts for {@code peer}. */
    RsaBlockCodec(PrivateKey own, RSAPublicKey peer) {
        try {
            decrypt = Cipher.getInstance(TRANSFORMATION);
            decrypt.init(Cipher.DECRYPT_MODE, own);
            encrypt = Cipher.getInstance(TRANSFORMATION);
            encrypt.init(Cipher.ENCRYPT_MODE, peer);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot do " + TRANSFORMATION, e);
        }
        blockBytes = (((RSAKey) own).getModulus().bitLength() + 7) / 8;
        pieceBytes = blockBytes - RsaKeys.PADDING_BYTES;
        peerBlockBytes = RsaKeys.blockBytes(peer);
        peerPieceBytes = RsaKeys.pieceBytes(peer);
        block = new byte[blockBytes];
        pending = new byte[peerPieceBytes];
    }

    /** k of our key: the length of every inbound block. */
    int blockBytes() {
        return blockBytes;
    }

    /** k of the peer's key: the length of every outbound block. */
    int peerBlockBytes() {
        return peerBlockBytes;
    }

    /**
     * Decrypts the block at the head of {@code in} (at least {@link #blockBytes()} readable) and appends its text
     * to {@code out}, with an LF after a short LF-free block's text.
     *
     * @throws RsaProtocolException when the block does not decrypt under our key
     */
    void decryptBlock(ByteBuf in, ByteBuf out) {
        decryptBlock(in, out, true);
    }

    /**
     * As {@link #decryptBlock(ByteBuf, ByteBuf)}; {@code shortBlockRule} false appends the text as it is (the record
     * dialect, where each block is one message and none carries an LF at its end).
     */
    void decryptBlock(ByteBuf in, ByteBuf out, boolean shortBlockRule) {
        in.readBytes(block);
        byte[] text;
        try {
            text = decrypt.doFinal(block);
        } catch (GeneralSecurityException e) {
            throw new RsaProtocolException("a block does not decrypt under this side's key (" + e.getMessage() + ")");
        }
        out.writeBytes(text);
        if (shortBlockRule && text.length < pieceBytes && indexOfLf(text, 0, text.length) < 0) {
            out.writeByte(LF);
        }
    }

    /**
     * Cuts {@code text} (all of it is consumed) into pieces and appends their blocks to {@code out}. Text after
     * the last LF that does not fill a piece is held back until more comes: sent now, it would be a short LF-free
     * block, which the receiver would take as a whole message.
     *
     * @return how many blocks were appended
     */
    int encrypt(ByteBuf text, ByteBuf out) {
        int blocks = 0;
        while (text.isReadable()) {
            int take = Math.min(text.readableBytes(), peerPieceBytes - pendingLength);
            text.readBytes(pending, pendingLength, take);
            int scanFrom = pendingLength;
            pendingLength += take;
            int lf = indexOfLf(pending, scanFrom, pendingLength);
            if (lf >= 0) {
                // Bytes after the LF go back: they start the next message.
                int end = lf + 1;
                text.readerIndex(text.readerIndex() - (pendingLength - end));
                pendingLength = end;
            } else if (pendingLength < peerPieceBytes) {
                break;
            }
            out.writeBytes(seal(pending, pendingLength));
            pendingLength = 0;
            blocks++;
        }
        return blocks;
    }

    /**
     * Seals {@code text} (all of it is consumed) as one message of the record dialect: one block when it fits a
     * piece of the peer's key, as every message of the original programs does; a longer one as full pieces and the
     * rest, which a reader of that dialect cannot take as one message (the server's answers fit whenever the
     * peer's key is at least as large as its own).
     *
     * @return how many blocks were appended
     */
    int encryptRecord(ByteBuf text, ByteBuf out) {
        int blocks = 0;
        do {
            int take = Math.min(text.readableBytes(), peerPieceBytes);
            byte[] piece = new byte[take];
            text.readBytes(piece);
            out.writeBytes(seal(piece, take));
            blocks++;
        } while (text.isReadable());
        return blocks;
    }

    /** Text held back by {@link #encrypt}: the start of a message whose LF has not been written yet. */
    int heldBack() {
        return pendingLength;
    }

    private byte[] seal(byte[] piece, int length) {
        try {
            return encrypt.doFinal(piece, 0, length);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt a piece of " + length + " bytes", e);
        }
    }

    private static int indexOfLf(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == LF) {
                return i;
            }
        }
        return -1;
    }
}
