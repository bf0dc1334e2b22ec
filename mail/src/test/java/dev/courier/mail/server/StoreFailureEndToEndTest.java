package dev.courier.mail.server;

import static dev.courier.mail.RawMailConnection.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.courier.mail.MailServerExtension;
import dev.courier.mail.RawMailConnection;
import dev.courier.mail.store.AsyncMailStore;
import dev.courier.mail.store.DelegatingMailStore;
import dev.courier.mail.store.Delivery;
import dev.courier.mail.store.MailboxQuota;
import dev.courier.mail.store.NewMessage;
import dev.courier.mail.store.StoreException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What a client sees when the store fails or its queues are full. */
class StoreFailureEndToEndTest {
    @Nested
    class FailingDeliveries {
        @RegisterExtension
        final MailServerExtension mail = new MailServerExtension(c -> c, s -> new DelegatingMailStore(s) {
            @Override
            public List<Delivery> deliver(List<NewMessage> batch, MailboxQuota quota) {
                throw new StoreException("database failed", new SQLException("disk on fire"));
            }
        });

        @Test
        void aStoreFailureIsAnsweredInternalAndTheSessionGoesOn() throws Exception {
            mail.addUser("alice", "pw");
            try (RawMailConnection c = mail.raw()) {
                String sid = c.login("alice", "pw");
                assertThat(c.ask(sid + ":email:alice:s:b"))
                        .isEqualTo(line("ERR:internal:the server could not reach its storage; try again"));
                assertThat(c.ask(sid + ":count")).isEqualTo(line("OK:0"));
            }
            assertThat(mail.server().stats().internalErrors.sum()).isEqualTo(1);
        }
    }

    @Nested
    class FullQueue {
        private final CountDownLatch entered = new CountDownLatch(1);
        private final CountDownLatch release = new CountDownLatch(1);

        @RegisterExtension
        final MailServerExtension mail = new MailServerExtension(
                c -> c.withStoreSettings(new AsyncMailStore.Settings(1, 16, 1, 2, 16)),
                s -> new DelegatingMailStore(s) {
                    @Override
                    public List<Delivery> deliver(List<NewMessage> batch, MailboxQuota quota) {
                        entered.countDown();
                        try {
                            release.await(10, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return super.deliver(batch, quota);
                    }
                });

        @Test
        void aSendBeyondTheQueueIsAnsweredBusy() throws Exception {
            mail.addUser("alice", "pw");
            try (RawMailConnection a = mail.raw(); RawMailConnection b = mail.raw(); RawMailConnection c = mail.raw()) {
                String sid = a.login("alice", "pw");
                a.send(sid + ":email:alice:1:x");
                // The writer holds the first message; the second waits in the queue of one.
                assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
                b.send(sid + ":email:alice:2:x");
                await().atMost(Duration.ofSeconds(5)).until(() -> mail.server().store().pendingSends() == 1);
                assertThat(c.ask(sid + ":email:alice:3:x")).isEqualTo(line("ERR:limit:server busy, try again"));
                release.countDown();
                assertThat(a.readLine()).startsWith("OK:sent:");
                assertThat(b.readLine()).startsWith("OK:sent:");
                assertThat(c.ask(sid + ":count")).isEqualTo(line("OK:2"));
            }
        }
    }
}
