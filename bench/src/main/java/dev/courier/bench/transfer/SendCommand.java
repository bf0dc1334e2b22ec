package dev.courier.bench.transfer;

import dev.courier.core.tls.TlsContexts.ClientTrust;
import dev.courier.transfer.TransferProgress;
import dev.courier.transfer.client.SendResult;
import dev.courier.transfer.client.TransferClient;
import dev.courier.transfer.client.TransferClientConfig;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code transfer-bench send}: sends a file and prints how long it took, split into hashing and sending. */
@Command(name = "send", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Sends FILE to a receiver and prints the time and rate. The time runs from connecting to",
                "the receiver's final ACK (file hashed, sent, verified, synced and renamed into place).",
                "The last line is machine-readable: RESULT bytes=.. seconds=.. hash_seconds=.. mbps=.. sha256=.."})
final class SendCommand implements Callable<Integer> {
    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Receiver host (default: ${DEFAULT-VALUE}).")
    String host;
    @Option(names = "--port", required = true, description = "Receiver port.")
    int port;
    @Option(names = "--tls", description = "Speak TLS.")
    boolean tls;
    @Option(names = "--cacert", description = "With --tls: PEM file of the CA (or self-signed certificate) to trust.")
    Path caCert;
    @Option(names = "--repeat", defaultValue = "1", description = "Send the file this many times over one connection "
            + "(default: ${DEFAULT-VALUE}); one line each.")
    int repeat;
    @Parameters(paramLabel = "FILE", description = "The file to send.")
    Path file;

    @Override
    public Integer call() throws Exception {
        TransferClientConfig config = !tls ? TransferClientConfig.plain(host, port)
                : TransferClientConfig.tls(host, port, caCert != null ? ClientTrust.caFile(caCert) : ClientTrust.system());
        long t0 = System.nanoTime();
        try (TransferClient client = TransferClient.connect(config)) {
            for (int i = 0; i < repeat; i++) {
                long start = i == 0 ? t0 : System.nanoTime();
                long[] hashed = {0};
                SendResult r = client.sendFile(file, (stage, done, total) -> {
                    if (stage == TransferProgress.Stage.HASHING && done == total) {
                        hashed[0] = System.nanoTime();
                    }
                });
                long end = System.nanoTime();
                long nanos = end - start;
                double hashSeconds = hashed[0] == 0 ? 0 : (hashed[0] - start) / 1e9;
                double mbps = TransferBench.megabytesPerSecond(r.size(), nanos);
                System.out.printf(Locale.ROOT, "sent %s: %d bytes in %.3f s (hashing %.3f s, sending %.3f s), "
                                + "%.1f MB/s, %d frames, %s%n", file.getFileName(), r.size(), nanos / 1e9, hashSeconds,
                        nanos / 1e9 - hashSeconds, mbps, r.frames(), tls ? "TLS" : "plain");
                System.out.printf(Locale.ROOT, "RESULT bytes=%d seconds=%.3f hash_seconds=%.3f mbps=%.1f sha256=%s%n",
                        r.size(), nanos / 1e9, hashSeconds, mbps, r.sha256Hex());
            }
        }
        return 0;
    }
}
