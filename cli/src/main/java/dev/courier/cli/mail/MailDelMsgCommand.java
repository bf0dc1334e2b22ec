package dev.courier.cli.mail;

import dev.courier.cli.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;

/** {@code courier mail delmsg SUBJECT}: deletes my messages with exactly that subject. */
@Command(name = "delmsg", description = {"Delete every message in your inbox whose subject is exactly SUBJECT "
        + "(case included) and print how many (exit status 1: none)."})
final class MailDelMsgCommand implements Callable<Integer> {
    @ParentCommand
    MailCommand mail;

    @Parameters(index = "0", paramLabel = "SUBJECT", description = "The subject (quote it if it has spaces).")
    String subject;

    @Override
    public Integer call() {
        int n = mail.withSession(c -> c.deleteBySubject(subject));
        mail.io().out().println(n);
        return ExitCodes.OK;
    }
}
