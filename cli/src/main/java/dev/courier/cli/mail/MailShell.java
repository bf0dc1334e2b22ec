package dev.courier.cli.mail;

import dev.courier.cli.ExitCodes;
import dev.courier.cli.Io;
import dev.courier.mail.client.MailClient;
import dev.courier.mail.client.MailException;
import dev.courier.mail.protocol.MailMessage;
import dev.courier.mail.protocol.MailVerb;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * The interactive mail shell over a logged-in client, as in the original: {@code email} asks for the recipient,
 * subject and message; {@code getmsg} and {@code delmsg} ask for what they need unless it follows the command.
 * An ERR reply is printed and the shell goes on; a lost session or connection ends it. {@code logoff} (or the end
 * of input) ends the session and the shell.
 */
final class MailShell {
    /** The line that ends a message body. */
    static final String END_OF_BODY = ".";
    /** How to put a lone '.' in a message. */
    static final String ESCAPED_DOT = "..";

    private final MailClient client;
    private final MailLines lines;
    private final Io io;
    private final MailConnectionOptions conn;

    MailShell(MailClient client, MailLines lines, Io io, MailConnectionOptions conn) {
        this.client = client;
        this.lines = lines;
        this.io = io;
        this.conn = conn;
    }

    /** The help text, from the protocol's own list of commands. */
    static String help() {
        StringBuilder b = new StringBuilder();
        for (MailVerb v : MailVerb.values()) {
            String usage = switch (v) {
                case EMAIL -> "email [TO]";
                case GETMSG -> "getmsg [SENDER]";
                case DELMSG -> "delmsg [SUBJECT]";
                default -> v.wire();
            };
            b.append(String.format("  %-18s %s%n", usage, v.description()));
        }
        b.append(String.format("  %-18s %s%n", "help", "this list"));
        b.append("email asks for what is missing; end the message with a line holding only '.' "
                + "(type '..' for a lone '.').\nquit and exit are logoff.");
        return b.toString();
    }

    /** Reads and runs commands until logoff, the end of input, or a lost session or connection. */
    int run() throws IOException {
        if (io.terminal()) {
            io.err().println("logged in as " + conn.target() + "; type help, logoff to end");
        }
        String line;
        while ((line = lines.command()) != null) {
            String trimmed = line.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            int space = indexOfSpace(trimmed);
            String cmd = (space < 0 ? trimmed : trimmed.substring(0, space)).toLowerCase(Locale.ROOT);
            String arg = space < 0 ? null : trimmed.substring(space + 1).strip();
            try {
                if (!execute(cmd, arg)) {
                    return ExitCodes.OK;
                }
            } catch (MailException e) {
                error(MailFailures.message(e, conn));
                if (!MailFailures.recoverable(e)) {
                    return MailFailures.exitCode(e);
                }
            }
        }
        // End of input: end the session rather than leave it open until its timeout.
        try {
            client.logoff();
        } catch (MailException e) {
            // It ends at its timeout anyway.
        }
        return ExitCodes.OK;
    }

    private static int indexOfSpace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /** Runs one command; false ends the shell. */
    private boolean execute(String cmd, String arg) throws MailException, IOException {
        switch (cmd) {
            case "email", "send" -> email(arg);
            case "count" -> {
                if (noArgument(cmd, arg)) {
                    io.out().println(MailPrinter.count(client.count()));
                }
            }
            case "dump" -> {
                if (noArgument(cmd, arg)) {
                    show(client.dump());
                }
            }
            case "getmsg" -> {
                String sender = arg != null ? arg : ask("Sender: ");
                if (sender != null) {
                    show(client.messagesFrom(sender));
                }
            }
            case "delmsg" -> {
                String subject = arg != null ? arg : ask("Subject: ");
                if (subject != null) {
                    int n = client.deleteBySubject(subject);
                    io.out().println("deleted " + MailPrinter.count(n));
                }
            }
            case "logoff", "quit", "exit" -> {
                client.logoff();
                io.out().println("logged off");
                io.out().flush();
                return false;
            }
            case "help", "?" -> io.out().println(help());
            default -> error("unknown command '" + cmd + "' (type help)");
        }
        io.out().flush();
        return true;
    }

    private void email(String to) throws MailException, IOException {
        String recipient = to != null ? to : ask("To: ");
        if (recipient == null) {
            return;
        }
        String subject = ask("Subject: ");
        if (subject == null) {
            return;
        }
        if (io.terminal()) {
            io.err().println("Message; end it with a line holding only '.':");
        }
        StringBuilder body = new StringBuilder();
        boolean first = true;
        while (true) {
            String line = lines.answer("");
            if (line == null) {
                error("end of input before the '.' line: message not sent");
                return;
            }
            if (line.equals(END_OF_BODY)) {
                break;
            }
            if (!first) {
                body.append('\n');
            }
            body.append(line.equals(ESCAPED_DOT) ? END_OF_BODY : line);
            first = false;
        }
        long id = client.send(recipient.strip(), subject, body.toString());
        io.out().println(MailPrinter.sent(recipient.strip(), id));
    }

    private String ask(String prompt) throws IOException {
        String answer = lines.answer(prompt);
        if (answer == null) {
            error("end of input: nothing done");
        }
        return answer;
    }

    private boolean noArgument(String cmd, String arg) {
        if (arg != null) {
            error(cmd + " takes nothing after it");
            return false;
        }
        return true;
    }

    private void show(List<MailMessage> messages) {
        io.out().println(MailPrinter.count(messages.size()));
        if (!messages.isEmpty()) {
            io.out().println();
        }
        MailPrinter.print(io.out(), messages);
    }

    private void error(String message) {
        io.out().flush();
        io.err().println("error: " + message);
        io.err().flush();
    }
}
