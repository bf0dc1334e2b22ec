package dev.courier.cli.conformance;

import dev.courier.cli.CliFailure;
import dev.courier.cli.ExitCodes;
import dev.courier.cli.Io;
import dev.courier.cli.transfer.Target;
import dev.courier.conformance.Result;
import dev.courier.conformance.Runner;
import dev.courier.conformance.transfer.KitReceiver;
import dev.courier.conformance.transfer.SenderCases;
import dev.courier.conformance.transfer.TransferCases;
import dev.courier.core.tls.CertificateStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code courier conformance transfer}: the kit as a sender that checks a receiver, or with {@code --receiver-mode}
 * as a receiver that checks a sender.
 */
final class TransferConformance {
    private TransferConformance() {
    }

    /** Runs the transfer cases as {@code c}'s flags say; returns the exit status. */
    static int run(ConformanceCommand c, Io io) throws IOException {
        TransferFlags f = c.transfer;
        if (c.user != null || c.passwordFile != null || c.salt != null) {
            throw CliFailure.usage("--user, --password-file and --salt do not apply to transfer");
        }
        if (c.plain) {
            throw CliFailure.usage("transfer is plain TCP by default: leave out --plain (--tls asks for TLS)");
        }
        if (!f.tls && (c.insecure || c.cacert != null)) {
            throw CliFailure.usage("--cacert and --insecure go with --tls");
        }
        if (f.maxNacks < 0) {
            throw CliFailure.usage("--max-nacks must be 0 or more, not " + f.maxNacks);
        }
        if (c.timeout.isZero() || c.timeout.isNegative() || f.wait.isZero() || f.wait.isNegative()) {
            throw CliFailure.usage("--timeout and --wait must be more than 0");
        }
        if (c.list) {
            (f.receiverMode != null ? SenderCases.names() : TransferCases.names()).forEach(io.out()::println);
            return ExitCodes.OK;
        }
        return f.receiverMode != null ? receiver(c, f, io) : sender(c, f, io);
    }

    private static int sender(ConformanceCommand c, TransferFlags f, Io io) throws IOException {
        if (c.address == null || !c.address.matches(".*:\\d+")) {
            throw CliFailure.usage("conformance: give the receiver as HOST:PORT"
                    + (c.address == null ? "" : ", not '" + c.address + "'") + " (or --receiver-mode PORT)");
        }
        Target where;
        try {
            where = Target.parse(c.address);
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage("conformance: " + e.getMessage());
        }
        dev.courier.conformance.Target target = new dev.courier.conformance.Target(where.host(), where.port(),
                !f.tls ? dev.courier.conformance.Target.Tls.plain()
                        : new dev.courier.conformance.Target.Tls(c.insecure
                        ? dev.courier.conformance.Target.Mode.TLS_INSECURE
                        : dev.courier.conformance.Target.Mode.TLS_CHECKED, c.cacert), c.timeout);
        try {
            target.open().close();
        } catch (IOException e) {
            throw CliFailure.failure("cannot reach " + where + ": " + e.getMessage());
        }
        List<Result> results = Runner.run(TransferCases.all(f.maxNacks), target, Runner.select(c.only, c.skip),
                io.out());
        return ConformanceCommand.report(c.junit, "transfer", results);
    }

    private static int receiver(ConformanceCommand c, TransferFlags f, Io io) throws IOException {
        if (c.address != null) {
            throw CliFailure.usage("--receiver-mode takes no HOST:PORT: the kit listens, the sender connects");
        }
        if (c.cacert != null || c.insecure) {
            throw CliFailure.usage("--cacert and --insecure check a receiver's certificate: in --receiver-mode the "
                    + "kit presents its own (with --tls)");
        }
        if (f.receiverMode < 0 || f.receiverMode > 65535) {
            throw CliFailure.usage("--receiver-mode takes a port 0-65535, not " + f.receiverMode);
        }
        Path sample;
        try {
            sample = (f.sample != null ? f.sample
                    : Files.createTempDirectory("courier-conformance-").resolve("conformance-sample.bin"))
                    .toAbsolutePath();
            SenderCases.writeSample(sample);
        } catch (IOException e) {
            throw CliFailure.usage("cannot write the sample file: " + e.getMessage());
        }
        Path tlsDir = sample.getParent().resolve("tls");
        CertificateStore certificates = null;
        if (f.tls) {
            try {
                certificates = CertificateStore.selfSigned(tlsDir);
            } catch (IOException e) {
                throw CliFailure.failure("cannot make the kit's certificate in " + tlsDir + ": " + e.getMessage());
            }
        }
        KitReceiver receiver;
        try {
            receiver = f.tls ? KitReceiver.listenTls(f.bind, f.receiverMode, certificates)
                    : KitReceiver.listen(f.bind, f.receiverMode);
        } catch (IOException e) {
            throw CliFailure.failure("cannot listen on " + f.bind + ":" + f.receiverMode + ": " + e.getMessage());
        }
        try (receiver) {
            long runs = SenderCases.names().stream().filter(Runner.select(c.only, c.skip)).count();
            io.out().println("sample file: " + sample + " (" + Files.size(sample) + " bytes)");
            io.out().println("run your sender " + runs + " times, one after the other, each time sending the sample "
                    + "file to port " + receiver.port() + " (in " + SenderCases.ERR_CASE + " the kit answers ERR: "
                    + "that run must fail)");
            if (f.tls) {
                io.out().println("certificate: " + tlsDir.resolve(CertificateStore.CERT_FILE) + " (self-signed for "
                        + "localhost and 127.0.0.1: the sender trusts it, e.g. courier send --tls --cacert FILE)");
            }
            io.out().println("listening on " + f.bind + ":" + receiver.port() + (f.tls ? " (TLS)" : " (plain TCP)"));
            io.out().flush();
            // The cases only take the timeout from it: the kit listens, it connects nowhere.
            dev.courier.conformance.Target self = new dev.courier.conformance.Target(f.bind, receiver.port(),
                    dev.courier.conformance.Target.Tls.plain(), c.timeout);
            List<Result> results = Runner.run(SenderCases.all(receiver, sample, f.wait, io.out()),
                    self, Runner.select(c.only, c.skip), io.out());
            return ConformanceCommand.report(c.junit, "transfer-sender", results);
        }
    }
}
