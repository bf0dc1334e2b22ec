package dev.courier.bench;

import picocli.CommandLine;

/** Runs {@link BenchCommand} on its own (the {@code courier} command also offers it as {@code courier bench}). */
public final class BenchMain {
    private BenchMain() {
    }

    /** Entry point. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchCommand()).execute(args));
    }
}
