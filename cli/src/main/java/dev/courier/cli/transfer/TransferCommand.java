package dev.courier.cli.transfer;

import dev.courier.cli.ExitCodes;
import dev.courier.cli.Io;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code courier transfer}: tools for the transfer service that are neither sending nor receiving. */
@Command(name = "transfer", subcommands = {TransferCommand.Cert.class},
        description = "Tools for the transfer service: client certificates for mutual TLS (cert issue).",
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.OK_HELP, ExitCodes.USAGE_HELP, "3:cannot write the files"})
public final class TransferCommand implements Callable<Integer> {
    private final Io io;

    @Spec
    CommandSpec spec;

    TransferCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(io.err());
        return ExitCodes.USAGE;
    }

    /** {@code courier transfer cert}: client certificates for senders. */
    @Command(name = "cert", subcommands = {CertIssueCommand.class},
            description = "Client certificates for senders (mutual TLS): issue makes one, and its CA if missing.")
    static final class Cert implements Callable<Integer> {
        private final Io io;

        @Spec
        CommandSpec spec;

        Cert(Io io) {
            this.io = io;
        }

        @Override
        public Integer call() {
            spec.commandLine().usage(io.err());
            return ExitCodes.USAGE;
        }
    }
}
