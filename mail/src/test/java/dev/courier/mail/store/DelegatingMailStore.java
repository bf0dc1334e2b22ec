package dev.courier.mail.store;

import dev.courier.mail.account.PasswordHash;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.Predicate;

/** A {@link MailStore} that passes everything on; tests override what they want to break. */
public class DelegatingMailStore implements MailStore {
    /** The real store. */
    protected final MailStore inner;

    /** A store passing everything to {@code inner}. */
    public DelegatingMailStore(MailStore inner) {
        this.inner = inner;
    }

    @Override
    public Added addAccount(String name, PasswordHash password, Instant createdAt) {
        return inner.addAccount(name, password, createdAt);
    }

    @Override
    public boolean changePassword(String name, dev.courier.mail.account.PasswordHash password) {
        return inner.changePassword(name, password);
    }

    @Override
    public boolean deleteAccount(String name) {
        return inner.deleteAccount(name);
    }

    @Override
    public List<String> accountNames() {
        return inner.accountNames();
    }

    @Override
    public java.util.OptionalInt maxPasswordIterations() {
        return inner.maxPasswordIterations();
    }

    @Override
    public Optional<Account> account(String name) {
        return inner.account(name);
    }

    @Override
    public boolean accountExists(long id) {
        return inner.accountExists(id);
    }

    @Override
    public List<Delivery> deliver(List<NewMessage> batch, MailboxQuota quota) {
        return inner.deliver(batch, quota);
    }

    @Override
    public OptionalLong count(long ownerId) {
        return inner.count(ownerId);
    }

    @Override
    public Optional<List<StoredMessage>> messages(long ownerId, String sender, Predicate<StoredMessage> admit) {
        return inner.messages(ownerId, sender, admit);
    }

    @Override
    public OptionalInt deleteBySubject(long ownerId, String subject) {
        return inner.deleteBySubject(ownerId, subject);
    }

    @Override
    public void close() {
        inner.close();
    }
}
