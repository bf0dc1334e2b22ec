package dev.courier.kv.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.core.testkit.MutableClock;
import dev.courier.kv.Wire;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccountsFileTest {
    private static final byte[] HASH = Wire.hash(0x5A);

    @TempDir
    Path dir;
    private final MutableClock clock = MutableClock.atEpochDay();

    private Path file() {
        return AccountsFile.under(dir);
    }

    @Test
    void aMissingFileHasNoAccounts() throws Exception {
        AccountsFile a = AccountsFile.open(file(), clock);
        assertThat(a.isEmpty()).isTrue();
        assertThat(a.lookup("x")).isEmpty();
        assertThat(Files.exists(file())).isFalse();
    }

    @Test
    void findsAnAccountByIdAndChecksItsHash() throws Exception {
        AccountsFile a = AccountsFile.open(file(), clock);
        a.put("alice", HASH);
        assertThat(a.lookup("alice")).hasValueSatisfying(d -> {
            assertThat(d.matches(HASH)).isTrue();
            assertThat(d.matches(Wire.hash(0x5B))).isFalse();
        });
        assertThat(a.lookup("bob")).isEmpty();
        assertThat(a.remove("alice")).isTrue();
        assertThat(a.remove("alice")).isFalse();
        assertThat(a.lookup("alice")).isEmpty();
    }

    @Test
    void idsWithSpacesPercentHashAndControlsRoundTrip() throws Exception {
        String[] ids = {"a b", "100%", "#root", "%41", "tab\there", "cr\r", "  ", "x#y%z w", "\u007f"};
        AccountsFile a = AccountsFile.open(file(), clock);
        for (String id : ids) {
            a.put(id, HASH);
        }
        AccountsFile again = AccountsFile.open(file(), clock);
        assertThat(again.ids()).containsExactlyInAnyOrder(ids);
        for (String id : ids) {
            assertThat(again.lookup(id)).as(id).hasValueSatisfying(d -> assertThat(d.matches(HASH)).isTrue());
        }
        assertThat(again.lookup("A")).as("%41 is not the id 'A'").isEmpty();
    }

    @Test
    void theFileIsOwnerOnlyAndHoldsNeitherPasswordNorHash() throws Exception {
        AccountsFile a = AccountsFile.open(file(), clock);
        a.put("alice", HASH);
        assertThat(Files.getPosixFilePermissions(file()))
                .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
        byte[] raw = Files.readAllBytes(file());
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        assertThat(text).doesNotContain(HexFormat.of().formatHex(HASH))
                .doesNotContain(HexFormat.of().withUpperCase().formatHex(HASH))
                .doesNotContain(Wire.text(HASH))
                .doesNotContain(java.util.Base64.getEncoder().encodeToString(HASH));
    }

    @Test
    void aRunningServerSeesChangesMadeByAnotherProcess() throws Exception {
        AccountsFile server = AccountsFile.open(file(), clock);
        assertThat(server.lookup("alice")).isEmpty();
        AccountsFile operator = AccountsFile.open(file(), clock);
        operator.put("alice", HASH);
        assertThat(server.lookup("alice")).as("not looked at again within a second").isEmpty();
        clock.advance(AccountsFile.RELOAD_CHECK.plusMillis(1));
        assertThat(server.lookup("alice")).isPresent();
        operator.remove("alice");
        clock.advance(AccountsFile.RELOAD_CHECK.plusMillis(1));
        assertThat(server.lookup("alice")).isEmpty();
    }

    @Test
    void aBrokenFileKeepsTheAccountsLastRead() throws Exception {
        AccountsFile server = AccountsFile.open(file(), clock);
        server.put("alice", HASH);
        Files.writeString(file(), "garbage-without-a-digest\n");
        Files.setLastModifiedTime(file(), FileTime.from(Instant.now().plusSeconds(5)));
        clock.advance(Duration.ofSeconds(2));
        assertThat(server.lookup("alice")).isPresent();
    }
}
