package dev.courier.cli.serve;

import dev.courier.cli.CliFailure;
import dev.courier.cli.Converters;
import dev.courier.core.config.Port;
import dev.courier.kv.rsa.KvRsaListener;
import dev.courier.kv.rsa.RsaFrontHandler;
import dev.courier.kv.rsa.RsaKeys;
import dev.courier.kv.server.KvRsaConfig;
import picocli.CommandLine.Option;

/** Serve's flags for the KV legacy RSA edition (spec section 8): off unless a port is given. */
final class KvRsaOptions {
    @Option(names = "--kv-rsa-port", paramLabel = "PORT", defaultValue = "off",
            description = "KV legacy RSA edition port (usually " + KvRsaListener.DEFAULT_PORT + "): a number, 0 for any "
                    + "free port (logged), or off. NOT secure; refused in accounts mode.")
    Port kvRsaPort;

    @Option(names = "--rsa-bits", paramLabel = "BITS", defaultValue = "" + RsaKeys.DEFAULT_BITS,
            description = "RSA key size of that edition: " + RsaKeys.DEFAULT_BITS + " (the original's), or "
                    + RsaKeys.MIN_SELECTABLE_BITS + " to " + RsaKeys.MAX_BITS + ".")
    int rsaBits;

    @Option(names = "--kv-rsa-max-pem", paramLabel = "SIZE", converter = Converters.ByteSizeConverter.class,
            defaultValue = "" + RsaFrontHandler.DEFAULT_MAX_PEM_BYTES,
            description = "Most bytes a peer's PEM public key may take in that edition's key exchange (at least "
                    + KvRsaListener.MIN_PEM_BYTES + ", enough for a 4096-bit key); a longer one drops the "
                    + "connection without an answer.")
    long maxPemBytes;

    /** Fails with a usage error on a key size the edition does not allow. */
    void check(Port kvPort) {
        try {
            RsaKeys.checkBits(rsaBits);
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage("--rsa-bits: " + e.getMessage());
        }
        if (maxPemBytes < KvRsaListener.MIN_PEM_BYTES || maxPemBytes > Integer.MAX_VALUE) {
            throw CliFailure.usage("--kv-rsa-max-pem must be at least " + KvRsaListener.MIN_PEM_BYTES
                    + " bytes (a 4096-bit key's PEM block is about 800), not " + maxPemBytes);
        }
        if (kvRsaPort.enabled() && !kvPort.enabled()) {
            throw CliFailure.usage("--kv-rsa-port needs the KV server, but --kv-port is off");
        }
    }

    /** Whether the listener is asked for. */
    boolean enabled() {
        return kvRsaPort.enabled();
    }

    /** The listener's config on {@code bind}, or null when it is not asked for. */
    KvRsaConfig config(String bind) {
        return enabled() ? KvRsaConfig.of(bind, kvRsaPort.number(), rsaBits).withMaxPemBytes((int) maxPemBytes) : null;
    }

    /** The usage failure of asking for this edition in accounts mode. */
    CliFailure refused(IllegalStateException e) {
        return CliFailure.failure("--kv-rsa-port " + kvRsaPort + ": " + e.getMessage()
                + "; leave --kv-rsa-port off (accounts need the TLS edition)");
    }
}
