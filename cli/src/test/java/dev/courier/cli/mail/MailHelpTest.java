package dev.courier.cli.mail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.cli.CliRun;
import dev.courier.mail.protocol.MailVerb;
import org.junit.jupiter.api.Test;

class MailHelpTest {
    @Test
    void theTopHelpListsTheMailCommands() {
        assertThat(CliRun.run("--help").out()).contains("courier mail [CONN FLAGS]", "send --to U", "getmsg SENDER",
                "delmsg SUBJ", "mail user add|passwd|del|list", "bench-mail");
    }

    @Test
    void everyMailCommandHasHelp() {
        for (String[] args : new String[][] {{"mail", "--help"}, {"mail", "send", "--help"},
            {"mail", "count", "--help"}, {"mail", "dump", "--help"}, {"mail", "getmsg", "--help"},
            {"mail", "delmsg", "--help"}, {"mail", "user", "--help"}, {"mail", "user", "add", "--help"},
            {"mail", "user", "del", "--help"}, {"mail", "user", "list", "--help"}, {"bench-mail", "--help"}}) {
            CliRun r = CliRun.run(args);
            assertThat(r.code()).as(String.join(" ", args)).isZero();
            assertThat(r.out()).as(String.join(" ", args)).startsWith("Usage: courier " + args[0]);
        }
        assertThat(CliRun.run("mail", "--help").out()).contains("-h, --host=HOST", "-p, --port=PORT",
                "--plaintext", "--insecure", "--cacert");
    }

    @Test
    void theShellHelpHasEveryProtocolCommand() {
        String help = MailShell.help();
        for (MailVerb v : MailVerb.values()) {
            assertThat(help).contains(v.wire(), v.description());
        }
    }
}
