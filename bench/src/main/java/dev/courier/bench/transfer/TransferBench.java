package dev.courier.bench.transfer;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * A transfer benchmark in two processes, like the standard tools it is compared with: {@code receive} runs a
 * receiver and prints its port, {@code send} sends a file to it and prints the time and rate.
 */
@Command(name = "transfer-bench", mixinStandardHelpOptions = true,
        subcommands = {ReceiveCommand.class, SendCommand.class, CertCommand.class},
        description = {"Courier transfer throughput, one JVM per side.", "Run 'receive' first, then 'send'."},
        footer = {"", "Examples:", "  transfer-bench receive --port 0 --dir /tmp/in --count 1",
                "  transfer-bench send --port 7404 /tmp/big.bin",
                "  transfer-bench receive --dir /tmp/in --tls --cert-dir /tmp/tls",
                "  transfer-bench send --port 7404 --tls --cacert /tmp/tls/server.crt /tmp/big.bin"})
public final class TransferBench implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Entry point. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new TransferBench()).execute(args));
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand: receive, send or cert");
    }

    /** Decimal megabytes per second, the unit of the comparison table. */
    static double megabytesPerSecond(long bytes, long nanos) {
        return nanos <= 0 ? 0 : bytes / 1e6 / (nanos / 1e9);
    }
}
