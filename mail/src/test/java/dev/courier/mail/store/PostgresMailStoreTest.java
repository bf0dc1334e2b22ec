package dev.courier.mail.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

class PostgresMailStoreTest extends MailStoreContract {
    private EmbeddedPostgres pg;

    @Override
    protected MailStore openStore() throws Exception {
        pg = EmbeddedPostgresSupport.start();
        return JdbcMailStore.open(MailStoreConfig.forUrl(pg.getJdbcUrl("postgres", "postgres")));
    }

    @Override
    protected void shutdown() throws Exception {
        pg.close();
    }

    @Test
    void speaksPostgres() {
        assertThat(((JdbcMailStore) store()).dialect()).isEqualTo(Dialect.POSTGRESQL);
    }
}
