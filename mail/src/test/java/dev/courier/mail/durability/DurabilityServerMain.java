package dev.courier.mail.durability;

import dev.courier.mail.server.MailServer;
import dev.courier.mail.server.MailServerMain;
import java.util.concurrent.CountDownLatch;
import java.util.function.UnaryOperator;

/**
 * The mail server as a separate process for the durability test: {@link MailServerMain}'s flags, and, only when
 * the system property {@value #ACK_BEFORE_COMMIT} is true, the deliberately broken store.
 */
public final class DurabilityServerMain {
    /** System property that turns on the broken store. */
    public static final String ACK_BEFORE_COMMIT = "courier.test.ackBeforeCommit";

    private DurabilityServerMain() {
    }

    /** Runs until killed. */
    public static void main(String[] args) throws Exception {
        MailServer server = MailServerMain.start(args, Boolean.getBoolean(ACK_BEFORE_COMMIT)
                ? AckBeforeCommitStore::new : UnaryOperator.identity());
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "mail-shutdown"));
        new CountDownLatch(1).await();
    }
}
