package dev.courier.transfer;

/** Told how far a sender is: first while it hashes the body, then while it sends it. */
@FunctionalInterface
public interface TransferProgress {
    /** The two passes over a body. */
    enum Stage {
        /** Computing the SHA-256 the first frame carries. */
        HASHING,
        /** Sending frames; {@code done} counts bytes the receiver acknowledged. */
        SENDING
    }

    /** Called on the sending thread after each block; keep it quick. */
    void update(Stage stage, long done, long total);

    /** A listener that ignores everything. */
    TransferProgress NONE = (stage, done, total) -> { };
}
