package dev.courier.cli.conformance;

import dev.courier.conformance.transfer.TransferCases;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The flags of {@code courier conformance transfer} only: transport, NACK limit, and receiver mode. */
final class TransferFlags {
    /** How long receiver mode waits, by default, for the sender's next connection. */
    static final String DEFAULT_WAIT = "60s";

    @Option(names = "--tls", description = "transfer: speak TLS (transfer is plain TCP by default; with --cacert or "
            + "--insecure as for the other services). With --receiver-mode the kit presents a self-signed "
            + "certificate it makes beside the sample file (tls/server.crt, printed).")
    boolean tls;

    @Option(names = "--max-nacks", paramLabel = "N", defaultValue = "" + TransferCases.DEFAULT_MAX_NACKS,
            description = "transfer: the receiver's NACK limit per message (default: ${DEFAULT-VALUE}, the page's).")
    int maxNacks;

    @Option(names = "--receiver-mode", paramLabel = "PORT", description = "transfer: be the RECEIVER and check a "
            + "SENDER instead: listen on PORT (0: any), write the sample file, then take one connection per case "
            + "(--list names them); run your sender once per case, each time sending the sample file to PORT.")
    Integer receiverMode;

    @Option(names = "--bind", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "transfer --receiver-mode: the address to listen on (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--sample", paramLabel = "FILE", description = "transfer --receiver-mode: where to write the "
            + "file the sender must send (default: conformance-sample.bin in a new temporary directory, printed).")
    Path sample;

    @Option(names = "--wait", paramLabel = "DURATION", defaultValue = DEFAULT_WAIT,
            description = "transfer --receiver-mode: how long each case waits for the sender to connect (default: "
                    + "${DEFAULT-VALUE}).")
    Duration wait;
}
