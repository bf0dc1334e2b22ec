package dev.courier.cli.mail;

import dev.courier.cli.ExitCodes;
import dev.courier.mail.client.MailClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code courier mail count}: prints how many messages are in my inbox. */
@Command(name = "count", description = "Print the number of messages in your inbox.")
final class MailCountCommand implements Callable<Integer> {
    @ParentCommand
    MailCommand mail;

    @Override
    public Integer call() {
        long n = mail.withSession(MailClient::count);
        mail.io().out().println(n);
        return ExitCodes.OK;
    }
}
