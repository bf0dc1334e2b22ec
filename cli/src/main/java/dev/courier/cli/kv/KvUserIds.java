package dev.courier.cli.kv;

import dev.courier.cli.CliFailure;

/** The rule for client ids (spec section 3): one or more bytes 0x01-0x7F other than LF. */
final class KvUserIds {
    private KvUserIds() {
    }

    /** Fails with a usage error if {@code id} could never CONNECT. */
    static void check(String id) {
        if (id.isEmpty() || id.chars().anyMatch(c -> c < 0x01 || c > 0x7F || c == '\n')) {
            throw CliFailure.usage("a client id is one or more ASCII characters other than line feed: '" + id + "'");
        }
    }
}
