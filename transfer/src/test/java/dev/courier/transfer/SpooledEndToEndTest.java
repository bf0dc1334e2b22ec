package dev.courier.transfer;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The end-to-end contract with bodies over 1 000 bytes streamed to disk and chunks of at most 8 KiB. */
class SpooledEndToEndTest extends EndToEndContract {
    @RegisterExtension
    final TransferServerExtension ext = TransferServerExtension.plain(c -> c.withLimits(
            c.limits().withMaxTextBytes(1000).withMaxChunkBytes(8192)));

    @Override
    TransferServerExtension ext() {
        return ext;
    }
}
