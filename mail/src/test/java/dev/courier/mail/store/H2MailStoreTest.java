package dev.courier.mail.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class H2MailStoreTest extends MailStoreContract {
    private Path dir;

    @Override
    protected MailStore openStore() throws Exception {
        dir = Files.createTempDirectory("courier-mail-h2");
        return JdbcMailStore.open(MailStoreConfig.forDataDir(dir));
    }

    @Override
    protected void shutdown() throws Exception {
        TestFiles.deleteTree(dir);
    }

    @Test
    void keepsTheDatabaseUnderDataDirMail() {
        assertThat(dir.resolve("mail").resolve("mail.mv.db")).exists();
        assertThat(((JdbcMailStore) store()).dialect()).isEqualTo(Dialect.H2);
    }

    @Test
    void dataSurvivesReopening() throws Exception {
        store().addAccount("keeper", HASH, T0);
        // A second store on the same data directory (another process would use AUTO_SERVER) sees the account.
        try (JdbcMailStore second = JdbcMailStore.open(MailStoreConfig.forDataDir(dir))) {
            assertThat(second.accountNames()).contains("keeper");
        }
    }
}
