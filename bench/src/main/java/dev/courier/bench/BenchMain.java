package dev.courier.bench;

import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** Runs {@link BenchCommand} on its own (the {@code courier} command also offers it as {@code courier bench}). */
public final class BenchMain {
    private BenchMain() {
    }

    /** Entry point. */
    public static void main(String[] args) {
        CommandLine cl = new CommandLine(new BenchCommand());
        // Added here, not on the command: inside courier, the top command's inherited --help serves.
        cl.getCommandSpec().addOption(OptionSpec.builder("--help").usageHelp(true)
                .description("Show this help and exit.").build());
        System.exit(cl.execute(args));
    }
}
