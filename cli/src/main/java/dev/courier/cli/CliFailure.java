package dev.courier.cli;

/** Ends a command with a one-line message on standard error and an exit status; no stack trace is shown. */
public final class CliFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    /** A failure with its exit status and message. */
    public CliFailure(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    /** A usage error (exit status 2). */
    public static CliFailure usage(String message) {
        return new CliFailure(ExitCodes.USAGE, message);
    }

    /** A connection, protocol or start-up failure (exit status 3). */
    public static CliFailure failure(String message) {
        return new CliFailure(ExitCodes.FAILURE, message);
    }

    /** The exit status. */
    public int exitCode() {
        return exitCode;
    }
}
