package dev.courier.transfer;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The end-to-end contract over plain TCP with default limits. */
class PlainEndToEndTest extends EndToEndContract {
    @RegisterExtension
    final TransferServerExtension ext = TransferServerExtension.plain(c -> c);

    @Override
    TransferServerExtension ext() {
        return ext;
    }
}
