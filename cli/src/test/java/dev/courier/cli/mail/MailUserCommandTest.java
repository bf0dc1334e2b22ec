package dev.courier.cli.mail;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.courier.cli.CliRun;
import dev.courier.cli.ExitCodes;
import dev.courier.cli.Io;
import dev.courier.mail.account.MailAccounts;
import dev.courier.mail.account.PasswordHash;
import dev.courier.mail.account.Passwords;
import dev.courier.mail.store.JdbcMailStore;
import dev.courier.mail.store.MailStoreConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.junit.jupiter.api.io.TempDir;

class MailUserCommandTest {
    @TempDir
    Path data;

    private CliRun user(String stdin, Io.PasswordPrompt prompt, String... args) {
        List<String> all = new ArrayList<>(List.of("mail", "user"));
        all.addAll(List.of(args));
        all.addAll(List.of("--data-dir", data.toString()));
        if (args[0].equals("add") || args[0].equals("passwd")) {
            all.addAll(List.of("--iterations", "1000"));
        }
        return CliRun.withInput(stdin, prompt, all.toArray(String[]::new));
    }

    @Test
    void addReadsOneLineOfStdinAndListAndDelSeeIt() throws Exception {
        CliRun add = user("s3cret\n", null, "add", "Alice");
        assertThat(add.code()).as(add.err()).isZero();
        assertThat(add.out()).isEqualTo("added mail account 'alice'\n");
        assertThat(user("pw\n", null, "add", "bob").code()).isZero();
        CliRun list = user("", null, "list");
        assertThat(list.code()).as(list.err()).isZero();
        assertThat(list.out()).isEqualTo("alice\nbob\n");
        CliRun del = user("", null, "del", "ALICE");
        assertThat(del.code()).as(del.err()).isZero();
        assertThat(del.out()).isEqualTo("deleted mail account 'alice'\n");
        assertThat(user("", null, "list").out()).isEqualTo("bob\n");
        CliRun again = user("", null, "del", "alice");
        assertThat(again.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(again.err()).contains("no mail account 'alice'");
    }

    @Test
    void theDatabaseHoldsNoPasswordInClear() throws Exception {
        assertThat(user("clear-as-day\n", null, "add", "carol").code()).isZero();
        try (Stream<Path> files = Files.walk(data)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1))
                        .as(f.toString()).doesNotContain("clear-as-day");
            }
        }
    }

    @Test
    void aTerminalIsAskedTwiceAndDifferentAnswersAddNothing() {
        List<String> prompts = new ArrayList<>();
        ArrayDeque<String> answers = new ArrayDeque<>(List.of("pw", "pw", "one", "two"));
        Io.PasswordPrompt prompt = text -> {
            prompts.add(text);
            return answers.poll().toCharArray();
        };
        assertThat(user("", prompt, "add", "dave").code()).isZero();
        assertThat(prompts).hasSize(2);
        CliRun differ = user("", prompt, "add", "erin");
        assertThat(differ.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(differ.err()).contains("differ");
        assertThat(user("", null, "list").out()).isEqualTo("dave\n");
    }

    @Test
    void takenNamesBadNamesAndEmptyPasswordsAreRefused() {
        assertThat(user("pw\n", null, "add", "frank").code()).isZero();
        CliRun taken = user("pw\n", null, "add", "FRANK");
        assertThat(taken.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(taken.errLines()).containsExactly("courier mail user add: an account named 'frank' exists "
                + "(change its password with 'courier mail user passwd frank')");
        assertThat(user("pw\n", null, "add", "no:colon").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(user("pw\n", null, "add", "0123456789abcdef0123456789abcdef").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(user("\n", null, "add", "gina").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(user("", null, "add", "gina").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(user("pw\n", null, "add", "gina", "--iterations", "10").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(user("", null, "list").out()).isEqualTo("frank\n");
    }

    @Test
    void aBadDatabaseUrlIsAUsageErrorAndCredentialsNeedAUrl() {
        CliRun r = CliRun.run("mail", "user", "list", "--mail-db", "jdbc:mysql://x/y");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("unsupported JDBC URL");
        CliRun c = CliRun.run("mail", "user", "list", "--data-dir", data.toString(), "--mail-db-user", "u");
        assertThat(c.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(c.err()).contains("need --mail-db");
    }

    @Test
    void anUnreachableDatabaseIsStatus3() {
        CliRun r = CliRun.run("mail", "user", "list", "--mail-db", "jdbc:postgresql://127.0.0.1:1/none");
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.err()).contains("cannot open the mail database");
    }

    @Test
    void passwdChangesTheStoredHashOfAnExistingAccountOnly() {
        assertThat(user("old\n", null, "add", "ivy").code()).isZero();
        CliRun r = user("new\n", null, "passwd", "IVY");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("changed the password of mail account 'ivy'\n");
        try (JdbcMailStore store = JdbcMailStore.open(MailStoreConfig.forDataDir(data))) {
            PasswordHash stored = store.account("ivy").orElseThrow().password();
            assertThat(Passwords.verify("new".toCharArray(), stored)).isTrue();
            assertThat(Passwords.verify("old".toCharArray(), stored)).isFalse();
        }
        CliRun missing = user("pw\n", null, "passwd", "jack");
        assertThat(missing.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(missing.errLines()).containsExactly("courier mail user passwd: no mail account 'jack' (add it "
                + "with 'courier mail user add jack')");
        assertThat(user("", null, "list").out()).isEqualTo("ivy\n");
    }

    @Test
    void accountCommandsPrintOnlyTheirResultAndLogNothingAtInfo() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        root.addAppender(logged);
        try {
            CliRun add = user("pw\n", null, "add", "kim");
            assertThat(add.err()).isEmpty();
            CliRun list = user("", null, "list");
            assertThat(list.err()).isEmpty();
            assertThat(list.out()).isEqualTo("kim\n");
        } finally {
            root.detachAppender(logged);
        }
        // Courier's own loggers: the pool's and the migrations' are quieted by the command's logback.xml.
        assertThat(logged.list).filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.INFO)
                        && e.getLoggerName().startsWith("dev.courier"))
                .extracting(ILoggingEvent::getFormattedMessage).isEmpty();
    }

    @Test
    void theAccountsAreTheOnesTheServerReads() {
        assertThat(user("pw\n", null, "add", "hal").code()).isZero();
        try (MailAccounts a = MailAccounts.open(MailStoreConfig.forDataDir(data))) {
            assertThat(a.list()).containsExactly("hal");
        }
    }
}
