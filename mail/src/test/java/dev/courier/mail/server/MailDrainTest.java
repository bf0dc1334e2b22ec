package dev.courier.mail.server;

import static dev.courier.mail.RawMailConnection.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.courier.mail.MailServerExtension;
import dev.courier.mail.RawMailConnection;
import dev.courier.mail.store.DelegatingMailStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link MailServer#close(Duration)} over real TLS: requests a connection sent before the close are answered while
 * the store holds the first of them, then the connection closes; one the store holds past the grace is cut, named.
 */
class MailDrainTest {
    private static final int REQUESTS = 50;

    /** The store's first {@code count} waits here, so the connection is in the middle of a request at the close. */
    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicBoolean held = new AtomicBoolean();

    @RegisterExtension
    final MailServerExtension mail = new MailServerExtension(c -> c, s -> new DelegatingMailStore(s) {
        @Override
        public OptionalLong count(long ownerId) {
            if (held.compareAndSet(false, true)) {
                entered.countDown();
                try {
                    release.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return super.count(ownerId);
        }
    });

    @Test
    void requestsSentBeforeTheCloseAreAllAnsweredThenTheConnectionCloses() throws Exception {
        mail.addUser("alice", "pw");
        try (RawMailConnection c = mail.raw()) {
            String sid = c.login("alice", "pw");
            StringBuilder burst = new StringBuilder();
            for (int i = 0; i < REQUESTS; i++) {
                burst.append(line(sid + ":count"));
            }
            c.sendRaw(burst.toString());
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<List<String>> close =
                    CompletableFuture.supplyAsync(() -> mail.server().close(Duration.ofSeconds(20)));
            // The drain has begun while the store holds the first request and the rest wait behind it.
            await().atMost(Duration.ofSeconds(5)).until(() -> !accepts(mail.server().address()));
            release.countDown();
            for (int i = 0; i < REQUESTS; i++) {
                assertThat(c.readLine()).as("answer %d", i).isEqualTo(line("OK:0"));
            }
            assertThat(c.closedWithoutAnswer()).isTrue();
            assertThat(close.get(20, TimeUnit.SECONDS)).isEmpty();
        }
    }

    @Test
    void aRequestTheStoreHoldsPastTheGraceIsCutAndNamed() throws Exception {
        mail.addUser("alice", "pw");
        try (RawMailConnection c = mail.raw()) {
            String sid = c.login("alice", "pw");
            c.send(sid + ":count");
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<List<String>> close =
                    CompletableFuture.supplyAsync(() -> mail.server().close(Duration.ofMillis(300)));
            // Cut at the end of the grace; only then may the store finish (closing it waits for its work).
            assertThat(c.closedWithoutAnswer()).isTrue();
            release.countDown();
            assertThat(close.get(20, TimeUnit.SECONDS)).singleElement().asString()
                    .matches("1 request not yet answered \\(from /127\\.0\\.0\\.1:\\d+\\)");
        }
    }

    private static boolean accepts(InetSocketAddress a) {
        try (Socket s = new Socket()) {
            s.connect(a, 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
