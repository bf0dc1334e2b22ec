package dev.courier.cli.mail;

import dev.courier.cli.ExitCodes;
import dev.courier.mail.protocol.MailMessage;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;

/** {@code courier mail getmsg SENDER}: prints my messages from one sender. */
@Command(name = "getmsg", description = {"Print your messages from SENDER, oldest first, as dump does "
        + "(exit status 1: no such user)."})
final class MailGetMsgCommand implements Callable<Integer> {
    @ParentCommand
    MailCommand mail;

    @Parameters(index = "0", paramLabel = "SENDER", description = "The sender's user name.")
    String sender;

    @Override
    public Integer call() {
        List<MailMessage> messages = mail.withSession(c -> c.messagesFrom(sender));
        if (messages.isEmpty()) {
            mail.io().err().println("no messages from " + sender);
        }
        MailPrinter.print(mail.io().out(), messages);
        return ExitCodes.OK;
    }
}
