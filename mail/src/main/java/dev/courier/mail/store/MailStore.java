package dev.courier.mail.store;

import dev.courier.mail.account.PasswordHash;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.Predicate;

/**
 * Where accounts and messages live. Knows nothing of the wire protocol. Every method blocks (JDBC): call it from a
 * store thread, never an event loop. A method that changes data returns only once the change is committed
 * durably. Owner ids are account ids; a method given the id of a deleted account answers empty.
 */
public interface MailStore extends AutoCloseable {
    /** Outcome of {@link #addAccount}. */
    enum Added { ADDED, EXISTS }

    /** Adds an account with a canonical name. */
    Added addAccount(String name, PasswordHash password, Instant createdAt);

    /** Replaces the password hash of an existing account; false if there is no account of that name. */
    boolean changePassword(String name, PasswordHash password);

    /** Deletes an account and every message in its mailbox; false if there was none. */
    boolean deleteAccount(String name);

    /** Every account name, sorted. */
    List<String> accountNames();

    /** The account with this canonical name. */
    Optional<Account> account(String name);

    /** The largest PBKDF2 iteration count among the accounts' password hashes; empty if there is no account. */
    OptionalInt maxPasswordIterations();

    /** Whether the account with this id still exists. */
    boolean accountExists(long id);

    /**
     * Delivers a batch of messages in one transaction: each is stored, or refused with its reason; the others are
     * not affected by one refusal. Returns results in the batch's order once the transaction is durable.
     */
    List<Delivery> deliver(List<NewMessage> batch, MailboxQuota quota);

    /** Messages in the owner's mailbox, or empty if the owner is gone. */
    OptionalLong count(long ownerId);

    /** The owner's messages, oldest first (only those from {@code sender} unless null); empty if the owner is gone. */
    default Optional<List<StoredMessage>> messages(long ownerId, String sender) {
        return messages(ownerId, sender, m -> true);
    }

    /**
     * As {@link #messages(long, String)}, offering each message to {@code admit} as it is read (to charge it to a
     * memory budget); a message it refuses stops the read with a {@link ListingRefusedException}.
     */
    Optional<List<StoredMessage>> messages(long ownerId, String sender, Predicate<StoredMessage> admit);

    /** Deletes the owner's messages with exactly this subject; how many, or empty if the owner is gone. */
    OptionalInt deleteBySubject(long ownerId, String subject);

    /** Releases the connections. */
    @Override
    void close();
}
