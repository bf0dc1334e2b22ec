package dev.courier.cli.mail;

import dev.courier.cli.CliFailure;
import dev.courier.cli.ExitCodes;
import dev.courier.cli.Io;
import dev.courier.mail.account.MailAccounts;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;

/** {@code courier mail user add NAME}: adds a mail account. */
@Command(name = "add", description = {"Add mail account NAME; an existing one is refused (change its password with "
        + "'user passwd NAME'). The password is asked twice without echo on a "
        + "terminal, or read as one line from standard input (for scripts)."})
final class MailUserAddCommand implements Callable<Integer> {
    private static final int MIN_ITERATIONS = dev.courier.mail.account.Passwords.MIN_ITERATIONS;

    private final Io io;

    @ParentCommand
    MailUserCommand user;

    @Parameters(index = "0", paramLabel = "NAME",
            description = "1-64 letters, digits, '.', '_' or '-'; kept in lower case.")
    String name;

    @Option(names = "--iterations", paramLabel = "N",
            defaultValue = "" + dev.courier.mail.account.Passwords.DEFAULT_ITERATIONS,
            description = "PBKDF2-HMAC-SHA256 iterations of the password hash (default: ${DEFAULT-VALUE}; at least "
                    + MIN_ITERATIONS + "). Each login costs this much.")
    int iterations;

    MailUserAddCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        String canonical = MailUserCommand.checked(name, iterations);
        char[] pw = MailUserCommand.newPassword(io, canonical);
        try {
            String added = user.withAccounts(iterations, a -> a.add(canonical, pw));
            io.out().println("added mail account '" + added + "'");
            return ExitCodes.OK;
        } catch (MailAccounts.AccountExistsException e) {
            throw new CliFailure(ExitCodes.REFUSED, e.getMessage() + " (change its password with 'courier mail user passwd " + canonical + "')");
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage(e.getMessage());
        } finally {
            Arrays.fill(pw, '\0');
        }
    }
}
