package dev.courier.cli.kv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.cli.CliRun;
import dev.courier.cli.ExitCodes;
import dev.courier.cli.Io;
import dev.courier.core.auth.Pbkdf2;
import dev.courier.kv.session.AccountsFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KvUserCommandTest {
    private static final String SALT = "00112233445566778899aabbccddeeff";

    @TempDir
    Path data;

    private CliRun user(String stdin, Io.PasswordPrompt prompt, String... args) {
        String[] all = new String[args.length + 4];
        all[0] = "kv";
        all[1] = "user";
        System.arraycopy(args, 0, all, 2, args.length);
        all[all.length - 2] = "--data-dir";
        all[all.length - 1] = data.toString();
        return CliRun.withInput(stdin, prompt, all);
    }

    private AccountsFile accounts() throws Exception {
        return AccountsFile.open(AccountsFile.under(data), Clock.systemUTC());
    }

    @Test
    void addReadsThePasswordFromStdinAndStoresOnlyASaltedDigest() throws Exception {
        CliRun r = user("s3cret\n", null, "add", "alice");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("added 'alice'");
        assertThat(r.err()).contains("test salt");
        byte[] hash = Pbkdf2.kvHash("s3cret".toCharArray(), Pbkdf2.testSalt());
        assertThat(accounts().lookup("alice")).hasValueSatisfying(d -> assertThat(d.matches(hash)).isTrue());
        String file = Files.readString(AccountsFile.under(data));
        assertThat(file).doesNotContain("s3cret").doesNotContain(HexFormat.of().formatHex(hash));
    }

    @Test
    void aSaltOfOurOwnIsUsedAndNotWarnedAbout() throws Exception {
        CliRun r = user("pw\n", null, "add", "bob", "--salt", SALT);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).doesNotContain("test salt");
        byte[] hash = Pbkdf2.kvHash("pw".toCharArray(), HexFormat.of().parseHex(SALT));
        assertThat(accounts().lookup("bob")).hasValueSatisfying(d -> assertThat(d.matches(hash)).isTrue());
    }

    @Test
    void aTerminalIsAskedTwice() throws Exception {
        ArrayDeque<String> answers = new ArrayDeque<>(List.of("pw", "pw"));
        List<String> prompts = new java.util.ArrayList<>();
        CliRun r = user("", text -> {
            prompts.add(text);
            return answers.poll().toCharArray();
        }, "add", "carol");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(prompts).hasSize(2);
        assertThat(accounts().ids()).containsExactly("carol");
    }

    @Test
    void differentAnswersChangeNothing() throws Exception {
        ArrayDeque<String> answers = new ArrayDeque<>(List.of("pw", "wp"));
        CliRun r = user("", text -> answers.poll().toCharArray(), "add", "carol");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("differ");
        assertThat(accounts().ids()).isEmpty();
    }

    @Test
    void emptyOrMissingPasswordsAndBadIdsAreRefused() throws Exception {
        assertThat(user("\n", null, "add", "x").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(user("", null, "add", "x").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(user("pw\n", null, "add", "é").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(user("pw\n", null, "add", "x", "--salt", "abc").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(accounts().ids()).isEmpty();
    }

    @Test
    void addAgainIsRefusedAndLeavesThePasswordAlone() throws Exception {
        user("one\n", null, "add", "alice");
        CliRun r = user("two\n", null, "add", "alice");
        assertThat(r.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(r.out()).isEmpty();
        assertThat(r.errLines()).containsExactly("courier kv user add: an account 'alice' exists in "
                + AccountsFile.under(data) + " (change its password with 'courier kv user passwd alice')");
        byte[] one = Pbkdf2.kvHash("one".toCharArray(), Pbkdf2.testSalt());
        assertThat(accounts().lookup("alice")).hasValueSatisfying(d -> assertThat(d.matches(one)).isTrue());
    }

    @Test
    void passwdChangesAnExistingPasswordOnly() throws Exception {
        user("one\n", null, "add", "alice", "--salt", SALT);
        CliRun r = user("two\n", null, "passwd", "alice", "--salt", SALT);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("changed the password of 'alice' in " + AccountsFile.under(data) + "\n");
        assertThat(r.err()).isEmpty();
        byte[] two = Pbkdf2.kvHash("two".toCharArray(), HexFormat.of().parseHex(SALT));
        byte[] one = Pbkdf2.kvHash("one".toCharArray(), HexFormat.of().parseHex(SALT));
        assertThat(accounts().lookup("alice")).hasValueSatisfying(d -> {
            assertThat(d.matches(two)).isTrue();
            assertThat(d.matches(one)).isFalse();
        });

        CliRun missing = user("pw\n", null, "passwd", "bob");
        assertThat(missing.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(missing.errLines()).containsExactly("courier kv user passwd: no account 'bob' in "
                + AccountsFile.under(data) + " (add it with 'courier kv user add bob')");
        assertThat(accounts().ids()).containsExactly("alice");
    }

    @Test
    void theTestSaltWarningSaysWhatItRisksAndWhatToDo() {
        CliRun r = user("pw\n", null, "add", "dora");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.errLines()).containsExactly(KvNewPassword.TEST_SALT_WARNING, KvUserAddCommand.FIRST_ACCOUNT_NOTE);
        CliRun second = user("pw\n", null, "add", "eve", "--salt", SALT);
        assertThat(second.err()).isEmpty();
    }

    @Test
    void listAndDel() throws Exception {
        CliRun empty = user("", null, "list");
        assertThat(empty.code()).isZero();
        assertThat(empty.out()).isEmpty();
        user("pw\n", null, "add", "zed");
        user("pw\n", null, "add", "a b");
        assertThat(user("", null, "list").out()).isEqualTo("a b\nzed\n");
        CliRun del = user("", null, "del", "zed");
        assertThat(del.code()).isZero();
        assertThat(user("", null, "list").out()).isEqualTo("a b\n");
        CliRun again = user("", null, "del", "zed");
        assertThat(again.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(again.err()).contains("no account 'zed'");
    }

    @Test
    void dataDirMayComeBeforeTheSubcommand() throws Exception {
        CliRun r = CliRun.withInput("pw\n", null, "kv", "--data-dir", data.toString(), "user", "add", "early");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(accounts().ids()).containsExactly("early");
    }
}
