package dev.courier.transfer.store;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 digests (every JDK has one). */
public final class Sha256 {
    private Sha256() {
    }

    /** A fresh SHA-256 digest. */
    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
