package dev.courier.mail.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.core.tls.TlsContexts.ClientTrust;
import dev.courier.mail.MailServerExtension;
import dev.courier.mail.protocol.ErrorCode;
import dev.courier.mail.protocol.MailMessage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Java client library against a real server over TLS. */
class MailClientTest {
    @RegisterExtension
    static final MailServerExtension MAIL = new MailServerExtension();

    private static MailException.Reason reason(Throwable t) {
        return ((MailException) t).reason();
    }

    private static ErrorCode code(Throwable t) {
        return ((MailException) t).code();
    }

    @Test
    void everyCommand() throws Exception {
        MAIL.addUser("ann", "pw: with # and %");
        MAIL.addUser("ben", "pw");
        try (MailClient ann = MAIL.client(); MailClient ben = MAIL.client()) {
            assertThat(ann.login("ann", "pw: with # and %")).matches("[0-9a-f]{32}");
            ben.login("ben", "pw");
            long id1 = ann.send("ben", "Re: #1", "body\nwith 100%: all");
            long id2 = ann.send("ben", "other", "");
            long id3 = ben.send("ben", "Re: #1", "from me");
            assertThat(ben.count()).isEqualTo(3);
            List<MailMessage> all = ben.dump();
            assertThat(all).extracting(MailMessage::id).containsExactly(id1, id2, id3);
            assertThat(all.get(0)).isEqualTo(new MailMessage(id1, "ann", MailServerExtension.T0, "Re: #1",
                    "body\nwith 100%: all"));
            assertThat(ben.messagesFrom("ann")).extracting(MailMessage::id).containsExactly(id1, id2);
            assertThat(ben.deleteBySubject("Re: #1")).isEqualTo(2);
            assertThat(ben.dump()).extracting(MailMessage::id).containsExactly(id2);
            ben.logoff();
            assertThat(ben.sessionId()).isNull();
        }
    }

    @Test
    void serverErrorsBecomeExceptionsWithTheirCode() throws Exception {
        MAIL.addUser("cat", "pw");
        try (MailClient c = MAIL.client()) {
            assertThatThrownBy(c::count).satisfies(t -> assertThat(reason(t))
                    .isEqualTo(MailException.Reason.NOT_LOGGED_IN));
            assertThatThrownBy(() -> c.login("cat", "wrong")).satisfies(t -> {
                assertThat(reason(t)).isEqualTo(MailException.Reason.ERROR_REPLY);
                assertThat(code(t)).isEqualTo(ErrorCode.AUTH);
                assertThat(((MailException) t).serverText()).isEqualTo("wrong user name or password");
            });
            c.login("cat", "pw");
            assertThatThrownBy(() -> c.send("nobody", "s", "b")).satisfies(t ->
                    assertThat(code(t)).isEqualTo(ErrorCode.NO_SUCH_USER));
            assertThatThrownBy(() -> c.messagesFrom("nobody")).satisfies(t ->
                    assertThat(code(t)).isEqualTo(ErrorCode.NO_SUCH_USER));
            assertThatThrownBy(() -> c.deleteBySubject("none")).satisfies(t ->
                    assertThat(code(t)).isEqualTo(ErrorCode.NO_SUCH_SUBJECT));
            assertThatThrownBy(() -> c.send("cat", "nul", "\0")).satisfies(t ->
                    assertThat(code(t)).isEqualTo(ErrorCode.BAD_REQUEST));
            String sid = c.sessionId();
            c.logoff();
            c.useSession(sid);
            assertThatThrownBy(c::count).satisfies(t -> assertThat(code(t)).isEqualTo(ErrorCode.SESSION));
        }
    }

    @Test
    void aSessionGoesOnFromAnotherClientAndAfterTheConnectionDrops() throws Exception {
        MAIL.addUser("dan", "pw");
        String sid;
        try (MailClient first = MAIL.client()) {
            sid = first.login("dan", "pw");
            first.send("dan", "s", "b");
        }
        try (MailClient second = MAIL.client()) {
            second.useSession(sid);
            assertThat(second.count()).isEqualTo(1);
            second.async().channel().close().sync();
            // The next call connects again and carries on with the same session.
            assertThat(second.count()).isEqualTo(1);
            assertThat(second.async().isOpen()).isTrue();
        }
    }

    @Test
    void anUntrustedCertificateFailsTheHandshake() {
        MailClientConfig config = MailClientConfig.tls("localhost", MAIL.port(), ClientTrust.system());
        assertThatThrownBy(() -> MailClient.connect(config)).satisfies(t ->
                assertThat(reason(t)).isEqualTo(MailException.Reason.TLS));
    }

    @Test
    void asyncClientPipelines() throws Exception {
        MAIL.addUser("eve", "pw");
        try (MailAsyncClient c = MailAsyncClient.connect(MAIL.clientConfig()).get()) {
            c.login("eve", "pw").get();
            List<java.util.concurrent.CompletableFuture<Long>> sends = new java.util.ArrayList<>();
            for (int i = 0; i < 50; i++) {
                sends.add(c.send("eve", "s" + i, "b"));
            }
            long last = 0;
            for (var f : sends) {
                long id = f.get();
                assertThat(id).isGreaterThan(last);
                last = id;
            }
            assertThat(c.count().get()).isEqualTo(50);
        }
    }
}
