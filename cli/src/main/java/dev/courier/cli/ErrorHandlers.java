package dev.courier.cli;

import dev.courier.cli.serve.SettingsFile;
import java.io.PrintWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/** Turns every failure into one line on standard error and an exit status (see {@link ExitCodes}). */
final class ErrorHandlers {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorHandlers.class);

    private ErrorHandlers() {
    }

    /** A bad command line: one line naming the problem and where to read more, exit status 2. */
    static int usage(ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        String message = e.getMessage();
        if (e.getArgSpec() instanceof OptionSpec o
                && cl.getCommandSpec().defaultValueProvider() instanceof SettingsFile file) {
            message += file.origin(o);
        }
        PrintWriter err = cl.getErr();
        err.println(cl.getCommandSpec().qualifiedName() + ": " + message
                + " (see '" + cl.getCommandSpec().qualifiedName() + " --help')");
        err.flush();
        return ExitCodes.USAGE;
    }

    /** A failure while running: {@link CliFailure} carries its message and status; anything else is a bug. */
    static int execution(Exception e, CommandLine cl, ParseResult parsed) {
        if (e instanceof ParameterException pe) {
            return usage(pe, parsed.originalArgs().toArray(new String[0]));
        }
        PrintWriter err = cl.getErr();
        if (e instanceof CliFailure f) {
            err.println(cl.getCommandSpec().qualifiedName() + ": " + f.getMessage());
            err.flush();
            return f.exitCode();
        }
        String network = NetFailures.describe(e, "the server");
        if (network != null) {
            // A command that let a network failure through still says it in one line.
            LOG.debug("network failure", e);
            err.println(cl.getCommandSpec().qualifiedName() + ": " + network);
            err.flush();
            return ExitCodes.FAILURE;
        }
        LOG.debug("unexpected failure", e);
        err.println(cl.getCommandSpec().qualifiedName() + ": unexpected failure: " + e
                + " (run with --log-level debug for details)");
        err.flush();
        return ExitCodes.FAILURE;
    }
}
