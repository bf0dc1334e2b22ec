package dev.courier.bench.transfer;

import dev.courier.core.tls.CertificateStore;
import dev.courier.core.tls.TlsContexts.ClientTrust;
import dev.courier.transfer.TransferProgress;
import dev.courier.transfer.client.Credentials;
import dev.courier.transfer.client.SendResult;
import dev.courier.transfer.client.ResumingSender;
import dev.courier.transfer.client.TransferClient;
import dev.courier.transfer.client.TransferClientConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code transfer-bench send}: sends a file and prints how long it took, split into hashing and sending. */
@Command(name = "send", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Sends FILE to a receiver and prints the time and rate. The time runs from connecting to",
                "the receiver's final ACK (file hashed, sent, verified, synced and renamed into place).",
                "Then a machine-readable line: RESULT bytes=.. seconds=.. connect_seconds=.. hash_seconds=.. ..."})
final class SendCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;
    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Receiver host (default: ${DEFAULT-VALUE}).")
    String host;
    @Option(names = "--port", required = true, description = "Receiver port.")
    int port;
    @Option(names = "--tls", description = "Speak TLS.")
    boolean tls;
    @Option(names = "--cacert", description = "With --tls: PEM file of the CA (or self-signed certificate) to trust.")
    Path caCert;
    @Option(names = "--cert", description = "With --tls: client certificate to present (PEM), with --key.")
    Path cert;
    @Option(names = "--key", description = "With --cert: its private key (PEM).")
    Path key;
    @Option(names = "--resume", description = "Send as courier send does: RESUME first, so that the receiver keeps "
            + "the body as a resumable partial (with receive --partials), to measure what resuming costs.")
    boolean resume;

    @Option(names = "--repeat", defaultValue = "1", description = "Send the file this many times over one connection "
            + "(default: ${DEFAULT-VALUE}); one line each.")
    int repeat;
    @Parameters(paramLabel = "FILE", description = "The file to send.")
    Path file;

    /** When each phase of one send ended, from the sender's progress reports. */
    private static final class Phases implements TransferProgress {
        final long begin;
        long hashed;
        long sent;

        Phases(long begin) {
            this.begin = begin;
            this.hashed = begin;
        }

        @Override
        public void update(Stage stage, long done, long total) {
            long now = System.nanoTime();
            if (stage == Stage.HASHING && done == total) {
                hashed = now;
            } else if (stage == Stage.SENDING && done == total && sent == 0) {
                sent = now;
            }
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        TransferClientConfig config = !tls ? TransferClientConfig.plain(host, port)
                : TransferClientConfig.tls(host, port, caCert != null ? ClientTrust.caFile(caCert) : ClientTrust.system());
        if (cert != null) {
            config = config.withCredentials(new Credentials(CertificateStore.load(cert, key), null));
        }
        long t0 = System.nanoTime();
        try (TransferClient client = resume ? null : TransferClient.connect(config);
             ResumingSender resuming = resume ? new ResumingSender(config, ResumingSender.Retries.of(0), n -> { })
                     : null) {
            if (resuming != null) {
                resuming.connection();
            }
            long connected = System.nanoTime();
            for (int i = 0; i < repeat; i++) {
                long start = i == 0 ? t0 : System.nanoTime();
                Phases p = new Phases(i == 0 ? connected : start);
                SendResult r = resuming != null ? resuming.sendFile(file, String.valueOf(file.getFileName()), p)
                        : client.sendFile(file, p);
                long end = System.nanoTime();
                double seconds = (end - start) / 1e9;
                double mbps = TransferBench.megabytesPerSecond(r.size(), end - start);
                double connect = (p.begin - start) / 1e9;
                double hash = (p.hashed - p.begin) / 1e9;
                double transfer = (p.sent - p.hashed) / 1e9;
                double finish = (end - p.sent) / 1e9;
                out.printf(Locale.ROOT, "sent %s: %d bytes in %.3f s, %.1f MB/s, %s%s, %d frames (connect %.3f s, "
                                + "hash %.3f s, transfer %.3f s, verify+sync+rename %.3f s)%n", file.getFileName(),
                        r.size(), seconds, mbps, tls ? "TLS" : "plain", resume ? " resumable" : "", r.frames(), connect, hash, transfer, finish);
                out.printf(Locale.ROOT, "RESULT bytes=%d seconds=%.3f connect_seconds=%.3f hash_seconds=%.3f "
                                + "transfer_seconds=%.3f finish_seconds=%.3f mbps=%.1f sha256=%s%n", r.size(), seconds,
                        connect, hash, transfer, finish, mbps, r.sha256Hex());
            }
        }
        return 0;
    }
}
