package dev.courier.cli;

/** Entry point of {@code courier.jar}. */
public final class Main {
    private Main() {
    }

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        // Before any Netty class reads its settings.
        NettyDefaults.apply(System.getProperties());
        System.exit(Cli.run(Io.system(), args));
    }
}
