package dev.courier.mail.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.mail.account.PasswordHash;
import dev.courier.mail.account.Passwords;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** What every {@link MailStore} must do, run against each real database (one instance per test class). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class MailStoreContract {
    static final MailboxQuota ROOMY = new MailboxQuota(10_000, 1L << 30);
    static final PasswordHash HASH = Passwords.hash("pw".toCharArray(), Passwords.MIN_ITERATIONS);
    static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");

    private MailStore store;

    /** Opens the store under test. */
    protected abstract MailStore openStore() throws Exception;

    /** Releases what {@link #openStore()} started. */
    protected void shutdown() throws Exception {
    }

    @BeforeAll
    void open() throws Exception {
        store = openStore();
    }

    @AfterAll
    void close() throws Exception {
        store.close();
        shutdown();
    }

    @BeforeEach
    void wipe() {
        for (String name : store.accountNames()) {
            store.deleteAccount(name);
        }
    }

    private long add(String name) {
        assertThat(store.addAccount(name, HASH, T0)).isEqualTo(MailStore.Added.ADDED);
        return store.account(name).orElseThrow().id();
    }

    private static NewMessage msg(long senderId, String sender, String to, int n) {
        return new NewMessage(senderId, sender, to, T0.plusSeconds(n), "subject " + n, "body " + n);
    }

    @Test
    void accountsAreAddedOnceListedSortedAndDeleted() {
        add("carol");
        add("alice");
        assertThat(store.addAccount("alice", HASH, T0)).isEqualTo(MailStore.Added.EXISTS);
        assertThat(store.accountNames()).containsExactly("alice", "carol");
        Account a = store.account("alice").orElseThrow();
        assertThat(a.name()).isEqualTo("alice");
        assertThat(a.password()).isEqualTo(HASH);
        assertThat(store.accountExists(a.id())).isTrue();
        assertThat(store.deleteAccount("alice")).isTrue();
        assertThat(store.deleteAccount("alice")).isFalse();
        assertThat(store.account("alice")).isEmpty();
        assertThat(store.accountExists(a.id())).isFalse();
        assertThat(store.accountNames()).containsExactly("carol");
    }

    @Test
    void deliversABatchAndListsOldestFirst() {
        long alice = add("alice");
        long bob = add("bob");
        List<Delivery> d = store.deliver(List.of(msg(alice, "alice", "bob", 2), msg(alice, "alice", "bob", 1),
                msg(bob, "bob", "alice", 3)), ROOMY);
        assertThat(d).extracting(Delivery::outcome).containsOnly(Delivery.Outcome.DELIVERED);
        assertThat(d).extracting(Delivery::messageId).doesNotHaveDuplicates().allMatch(id -> id > 0);
        assertThat(store.count(bob)).hasValue(2);
        assertThat(store.count(alice)).hasValue(1);
        List<StoredMessage> inbox = store.messages(bob, null).orElseThrow();
        assertThat(inbox).extracting(StoredMessage::subject).containsExactly("subject 1", "subject 2");
        assertThat(inbox.get(0)).isEqualTo(new StoredMessage(d.get(1).messageId(), "alice", T0.plusSeconds(1),
                "subject 1", "body 1"));
    }

    @Test
    void oneRefusalDoesNotSpoilTheBatch() {
        long alice = add("alice");
        add("bob");
        List<Delivery> d = store.deliver(List.of(msg(alice, "alice", "bob", 1), msg(alice, "alice", "nobody", 2),
                msg(alice, "alice", "bob", 3)), ROOMY);
        assertThat(d).extracting(Delivery::outcome).containsExactly(Delivery.Outcome.DELIVERED,
                Delivery.Outcome.NO_SUCH_RECIPIENT, Delivery.Outcome.DELIVERED);
        assertThat(store.count(store.account("bob").orElseThrow().id())).hasValue(2);
    }

    @Test
    void mailboxLimitsOfMessagesAndBytes() {
        long alice = add("alice");
        long bob = add("bob");
        List<Delivery> d = store.deliver(List.of(msg(alice, "alice", "bob", 1), msg(alice, "alice", "bob", 2),
                msg(alice, "alice", "bob", 3)), new MailboxQuota(2, 1 << 20));
        assertThat(d).extracting(Delivery::outcome).containsExactly(Delivery.Outcome.DELIVERED,
                Delivery.Outcome.DELIVERED, Delivery.Outcome.MAILBOX_FULL);
        // "subject 1" + "body 1" is 15 bytes: a 20-byte mailbox takes one.
        List<Delivery> b = store.deliver(List.of(msg(bob, "bob", "alice", 1), msg(bob, "bob", "alice", 2)),
                new MailboxQuota(100, 20));
        assertThat(b).extracting(Delivery::outcome).containsExactly(Delivery.Outcome.DELIVERED,
                Delivery.Outcome.MAILBOX_FULL);
        assertThat(store.deleteBySubject(bob, "subject 1")).hasValue(1);
        assertThat(store.deliver(List.of(msg(alice, "alice", "bob", 4)), new MailboxQuota(2, 1 << 20)))
                .extracting(Delivery::outcome).containsExactly(Delivery.Outcome.DELIVERED);
    }

    @Test
    void aDeletedSenderCannotSend() {
        long alice = add("alice");
        add("bob");
        store.deleteAccount("alice");
        assertThat(store.deliver(List.of(msg(alice, "alice", "bob", 1)), ROOMY)).extracting(Delivery::outcome)
                .containsExactly(Delivery.Outcome.SENDER_GONE);
    }

    @Test
    void filtersBySenderAndDeletesBySubject() {
        long alice = add("alice");
        long bob = add("bob");
        long carol = add("carol");
        store.deliver(List.of(
                new NewMessage(alice, "alice", "carol", T0, "same", "a1"),
                new NewMessage(bob, "bob", "carol", T0.plusSeconds(1), "same", "b1"),
                new NewMessage(alice, "alice", "carol", T0.plusSeconds(2), "other", "a2")), ROOMY);
        assertThat(store.messages(carol, "alice").orElseThrow()).extracting(StoredMessage::body)
                .containsExactly("a1", "a2");
        assertThat(store.messages(carol, "bob").orElseThrow()).extracting(StoredMessage::body).containsExactly("b1");
        assertThat(store.messages(carol, "nobody").orElseThrow()).isEmpty();
        assertThat(store.deleteBySubject(carol, "none")).hasValue(0);
        assertThat(store.deleteBySubject(carol, "same")).hasValue(2);
        assertThat(store.count(carol)).hasValue(1);
        assertThat(store.messages(carol, null).orElseThrow()).extracting(StoredMessage::body).containsExactly("a2");
        // Deleting is by exact subject, case included.
        assertThat(store.deleteBySubject(carol, "OTHER")).hasValue(0);
    }

    @Test
    void aDeletedOwnerHasNoMailboxAndARecreatedNameStartsEmpty() {
        long alice = add("alice");
        long bob = add("bob");
        store.deliver(List.of(msg(alice, "alice", "bob", 1)), ROOMY);
        store.deleteAccount("bob");
        assertThat(store.count(bob)).isEmpty();
        assertThat(store.messages(bob, null)).isEmpty();
        assertThat(store.deleteBySubject(bob, "subject 1")).isEmpty();
        long bob2 = add("bob");
        assertThat(bob2).isNotEqualTo(bob);
        assertThat(store.count(bob2)).hasValue(0);
    }

    @Test
    void textComesBackExactly() {
        long alice = add("alice");
        long bob = add("bob");
        String subject = "Grüße: #1 100% 日本語 😀";
        String body = "line 1\r\nline 2: a:b#c\n%0A stays %0A\ttab" + "x".repeat(60_000);
        store.deliver(List.of(new NewMessage(alice, "alice", "bob", T0, subject, body)), ROOMY);
        StoredMessage m = store.messages(bob, null).orElseThrow().get(0);
        assertThat(m.subject()).isEqualTo(subject);
        assertThat(m.body()).isEqualTo(body);
        assertThat(store.deleteBySubject(bob, subject)).hasValue(1);
    }

    @Test
    void bigBatchesAndConcurrentBatchesKeepCountsRight() throws Exception {
        List<Long> ids = new ArrayList<>();
        for (String n : List.of("u0", "u1", "u2", "u3")) {
            ids.add(add(n));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<Delivery>>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int sender = t;
                List<NewMessage> batch = IntStream.range(0, 200).mapToObj(i -> new NewMessage(ids.get(sender),
                        "u" + sender, "u" + (i % 4), T0.plusMillis(i), "s" + i, "b")).toList();
                results.add(pool.submit(() -> store.deliver(batch, ROOMY)));
            }
            List<Long> all = new ArrayList<>();
            for (Future<List<Delivery>> f : results) {
                List<Delivery> d = f.get();
                assertThat(d).extracting(Delivery::outcome).containsOnly(Delivery.Outcome.DELIVERED);
                d.forEach(x -> all.add(x.messageId()));
            }
            assertThat(all).hasSize(800).doesNotHaveDuplicates();
        } finally {
            pool.shutdownNow();
        }
        for (long id : ids) {
            assertThat(store.count(id)).hasValue(200);
            assertThat(store.messages(id, null).orElseThrow()).hasSize(200);
        }
    }

    /** The store under test, for subclasses' own checks. */
    protected MailStore store() {
        return store;
    }
}
