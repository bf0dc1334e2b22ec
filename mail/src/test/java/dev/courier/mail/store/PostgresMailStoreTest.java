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

    @Test
    void commitsSynchronouslyEvenWhenTheServerDefaultIsOff() throws Exception {
        // EmbeddedPostgresSupport starts the server with synchronous_commit=off.
        try (var c = pg.getPostgresDatabase().getConnection(); var rs = c.createStatement()
                .executeQuery("SHOW synchronous_commit")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("off");
        }
        for (int i = 0; i < 10; i++) {
            assertThat(((JdbcMailStore) store()).postgresSetting("synchronous_commit")).isEqualTo("on");
        }
    }
}
