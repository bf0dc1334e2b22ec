package dev.courier.cli.mail;

import dev.courier.cli.CliFailure;
import dev.courier.cli.ExitCodes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code courier mail send}: sends one message and says its id once the server has stored it durably. */
@Command(name = "send", aliases = "email",
        description = {"Send one message; once the server has stored it on disk, print 'sent to USER (message ID)'.",
            "The body comes from --body TEXT or --body-file FILE ('-': standard input); one line end at its "
                + "end is dropped."})
final class MailSendCommand implements Callable<Integer> {
    /** Largest body read from a file or standard input (the server's line limit is usually far lower). */
    static final int MAX_BODY_BYTES = 16 << 20;

    @ParentCommand
    MailCommand mail;

    @Option(names = "--to", required = true, paramLabel = "USER", description = "The recipient's user name.")
    String to;

    @Option(names = "--subject", required = true, paramLabel = "TEXT", description = "The subject (may be empty).")
    String subject;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Body body;

    /** Where the body comes from. */
    static final class Body {
        @Option(names = "--body", paramLabel = "TEXT", description = "The body.")
        String text;

        @Option(names = "--body-file", paramLabel = "FILE", description = "Read the body from FILE, UTF-8; '-' "
                + "reads standard input.")
        String file;
    }

    @Override
    public Integer call() {
        String text = body.text != null ? body.text : readBody(body.file);
        long id = mail.withSession(c -> c.send(to, subject, text));
        // Says what the number is: the README's "sent to bob (message 12)", as the shell says it.
        mail.io().out().println(MailPrinter.sent(to, id));
        return ExitCodes.OK;
    }

    private String readBody(String file) {
        try (InputStream in = file.equals("-") ? null : Files.newInputStream(Path.of(file))) {
            byte[] bytes = readAtMost(in != null ? in : mail.io().in());
            String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            if (s.endsWith("\r\n")) {
                return s.substring(0, s.length() - 2);
            }
            return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
        } catch (CharacterCodingException e) {
            throw CliFailure.usage("the body in " + file + " is not UTF-8 text");
        } catch (IOException e) {
            throw CliFailure.usage("cannot read --body-file " + file + ": " + e.getMessage());
        }
    }

    private static byte[] readAtMost(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) >= 0) {
            if (out.size() + n > MAX_BODY_BYTES) {
                throw CliFailure.usage("the body is larger than " + (MAX_BODY_BYTES >> 20) + " MiB");
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }
}
