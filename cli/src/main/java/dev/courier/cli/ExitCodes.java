package dev.courier.cli;

/** The exit statuses of every {@code courier} command, listed in each command's {@code --help}. */
public final class ExitCodes {
    /** Success. */
    public static final int OK = 0;
    /** The server refused (CONNECT, PUT or DELETE answered ERROR), or GET found no such key. */
    public static final int REFUSED = 1;
    /** Bad usage: an unknown flag, a bad value, a bad settings file. */
    public static final int USAGE = 2;
    /** Connection, TLS or protocol failure (dropped connection, CRC mismatch, certificate); a server that cannot start. */
    public static final int FAILURE = 3;

    /** Help line for {@link #OK}. */
    public static final String OK_HELP = "0:success";
    /** Help line for {@link #REFUSED}. */
    public static final String REFUSED_HELP = "1:refused by the server (CONNECT/PUT/DELETE: ERROR), or GET: no such key";
    /** Help line for {@link #USAGE}. */
    public static final String USAGE_HELP = "2:bad usage, bad value or bad settings file";
    /** Help line for {@link #FAILURE}. */
    public static final String FAILURE_HELP = "3:connection, TLS or protocol failure (dropped connection, CRC mismatch, certificate)";
    /** Heading of the exit status section. */
    public static final String HEADING = "%nExit status:%n";

    private ExitCodes() {
    }
}
