package dev.courier.cli.mail;

import dev.courier.cli.ExitCodes;
import dev.courier.mail.client.MailClient;
import dev.courier.mail.protocol.MailMessage;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code courier mail dump}: prints every message in my inbox. */
@Command(name = "dump", description = {"Print every message in your inbox, oldest first: From, Date and Subject "
        + "lines, the body indented by four spaces, a blank line after each."})
final class MailDumpCommand implements Callable<Integer> {
    @ParentCommand
    MailCommand mail;

    @Override
    public Integer call() {
        List<MailMessage> messages = mail.withSession(MailClient::dump);
        if (messages.isEmpty()) {
            mail.io().err().println("no messages");
        }
        MailPrinter.print(mail.io().out(), messages);
        return ExitCodes.OK;
    }
}
