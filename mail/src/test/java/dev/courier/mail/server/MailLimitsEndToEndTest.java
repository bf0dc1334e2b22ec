package dev.courier.mail.server;

import static dev.courier.mail.RawMailConnection.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.courier.core.auth.LoginThrottle;
import dev.courier.mail.MailLimits;
import dev.courier.mail.MailServerExtension;
import dev.courier.mail.RawMailConnection;
import dev.courier.mail.client.MailClient;
import dev.courier.mail.client.MailException;
import dev.courier.mail.protocol.ErrorCode;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Each named limit, reached over real TLS, answered {@code ERR:limit} (or the throttle's {@code ERR:auth}). */
class MailLimitsEndToEndTest {
    private static MailServerExtension with(java.util.function.UnaryOperator<MailLimits> limits) {
        return new MailServerExtension(c -> c.withLimits(limits.apply(c.limits())));
    }

    @Nested
    class LineLimit {
        @RegisterExtension
        final MailServerExtension mail = with(l -> l.withMaxLineBytes(512));

        @Test
        void aLineOverTheLimitIsAnsweredAndTheConnectionClosed() throws Exception {
            mail.addUser("alice", "pw");
            try (RawMailConnection c = mail.raw()) {
                String sid = c.login("alice", "pw");
                c.sendRaw("x".repeat(600) + "\n" + line(sid + ":count"));
                assertThat(c.readLine()).isEqualTo(line("ERR:limit:line longer than 512 bytes"));
                assertThat(c.closedWithoutAnswer()).isTrue();
            }
        }

        @Test
        void aMessageWhoseMsgLineWouldNotFitIsRefused() throws Exception {
            mail.addUser("alice", "pw");
            try (RawMailConnection c = mail.raw()) {
                String sid = c.login("alice", "pw");
                // The request fits in 512 bytes, but its MSG line (longer sender, id, sent-at) would not.
                String body = "b".repeat(419);
                assertThat(c.ask(sid + ":email:alice:s:" + body)).isEqualTo(line("ERR:limit:message too large; "
                        + "its MSG line would pass the 512-byte line limit"));
                assertThat(c.ask(sid + ":email:alice:s:" + "b".repeat(300))).startsWith("OK:sent:");
            }
        }
    }

    @Nested
    class ConnectionLimit {
        @RegisterExtension
        final MailServerExtension mail = with(l -> l.withMaxConnections(1));

        @Test
        void oneConnectionTooManyIsAnsweredAndClosed() throws Exception {
            mail.addUser("alice", "pw");
            try (RawMailConnection first = mail.raw()) {
                first.login("alice", "pw");
                try (RawMailConnection second = mail.raw()) {
                    assertThat(second.readLine()).isEqualTo(line("ERR:limit:too many connections; try again later"));
                    assertThat(second.closedWithoutAnswer()).isTrue();
                }
                assertThat(first.ask("alice:pw")).startsWith("Session Started:");
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> mail.server().openConnections() == 0);
            try (RawMailConnection again = mail.raw()) {
                assertThat(again.ask("alice:pw")).startsWith("Session Started:");
            }
        }
    }

    @Nested
    class MailboxLimit {
        @RegisterExtension
        final MailServerExtension mail = with(l -> l.withMaxMailboxMessages(2));

        @Test
        void aFullMailboxRefusesMoreUntilSomethingIsDeleted() throws Exception {
            mail.addUser("alice", "pw");
            mail.addUser("bob", "pw");
            try (RawMailConnection c = mail.raw()) {
                String sid = c.login("alice", "pw");
                assertThat(c.ask(sid + ":email:bob:one:x")).startsWith("OK:sent:");
                assertThat(c.ask(sid + ":email:bob:two:x")).startsWith("OK:sent:");
                assertThat(c.ask(sid + ":email:bob:three:x")).isEqualTo(line("ERR:limit:the mailbox of bob is full"));
                String sb = c.login("bob", "pw");
                assertThat(c.ask(sb + ":delmsg:one")).isEqualTo(line("OK:deleted:1"));
                assertThat(c.ask(sid + ":email:bob:three:x")).startsWith("OK:sent:");
            }
        }
    }

    @Nested
    class SendRate {
        @RegisterExtension
        final MailServerExtension mail = with(l -> l.withMaxSendsPerMinute(2));

        @Test
        void moreThanTheRateIsRefusedUntilTimePasses() throws Exception {
            mail.addUser("alice", "pw");
            try (RawMailConnection c = mail.raw()) {
                String sid = c.login("alice", "pw");
                assertThat(c.ask(sid + ":email:alice:1:x")).startsWith("OK:sent:");
                assertThat(c.ask(sid + ":email:alice:2:x")).startsWith("OK:sent:");
                assertThat(c.ask(sid + ":email:alice:3:x")).isEqualTo(line("ERR:limit:at most 2 messages per minute"));
                mail.clock().advance(Duration.ofSeconds(30));
                assertThat(c.ask(sid + ":email:alice:3:x")).startsWith("OK:sent:");
                assertThat(c.ask(sid + ":count")).isEqualTo(line("OK:3"));
            }
        }
    }

    @Nested
    class SessionLimit {
        @RegisterExtension
        final MailServerExtension mail = with(l -> l.withMaxSessions(1));

        @Test
        void loginsBeyondTheSessionLimitAreRefused() throws Exception {
            mail.addUser("alice", "pw");
            try (RawMailConnection c = mail.raw()) {
                String sid = c.login("alice", "pw");
                assertThat(c.ask("alice:pw")).isEqualTo(line("ERR:limit:too many sessions on this server; "
                        + "try again later"));
                c.ask(sid + ":logoff");
                assertThat(c.ask("alice:pw")).startsWith("Session Started:");
            }
        }
    }

    @Nested
    class Throttle {
        @RegisterExtension
        final MailServerExtension mail = with(l -> l.withThrottle(new LoginThrottle.Policy(2, Duration.ofSeconds(10),
                Duration.ofMinutes(5), Duration.ofMinutes(15), 1000)));

        @Test
        void repeatedFailuresBlockEvenTheRightPasswordUntilTheLockoutPasses() throws Exception {
            mail.addUser("alice", "pw");
            try (RawMailConnection c = mail.raw()) {
                assertThat(c.ask("alice:x")).isEqualTo(line("ERR:auth:wrong user name or password"));
                assertThat(c.ask("alice:y")).isEqualTo(line("ERR:auth:wrong user name or password"));
                assertThat(c.ask("alice:pw")).isEqualTo(line("ERR:auth:too many failed logins; wait and try again"));
                mail.clock().advance(Duration.ofSeconds(11));
                assertThat(c.ask("alice:pw")).startsWith("Session Started:");
            }
        }

        @Test
        void theAddressIsThrottledAcrossUserNames() throws Exception {
            mail.addUser("alice", "pw");
            try (RawMailConnection c = mail.raw()) {
                c.ask("u1:x");
                c.ask("u2:x");
                assertThat(c.ask("alice:pw")).isEqualTo(line("ERR:auth:too many failed logins; wait and try again"));
            }
        }
    }

    @Nested
    class IdleTimeout {
        @RegisterExtension
        final MailServerExtension mail = with(l -> l.withIdleTimeout(Duration.ofMillis(200)));

        @Test
        void anIdleConnectionIsClosedButItsSessionGoesOn() throws Exception {
            mail.addUser("alice", "pw");
            String sid;
            try (RawMailConnection c = mail.raw()) {
                sid = c.login("alice", "pw");
                assertThat(c.closedWithoutAnswer()).isTrue();
            }
            try (RawMailConnection c = mail.raw()) {
                assertThat(c.ask(sid + ":count")).isEqualTo(line("OK:0"));
            }
        }
    }

    @Nested
    class SessionsPerUser {
        @RegisterExtension
        final MailServerExtension mail = with(l -> l.withMaxSessionsPerUser(2));

        @Test
        void oneAccountCannotTakeEverySession() throws Exception {
            mail.addUser("alice", "pw");
            mail.addUser("bob", "pw");
            try (RawMailConnection c = mail.raw()) {
                String first = c.login("alice", "pw");
                c.login("alice", "pw");
                assertThat(c.ask("alice:pw")).isEqualTo(line("ERR:limit:too many sessions for this user (2); "
                        + "log off one or wait"));
                assertThat(c.ask("bob:pw")).startsWith("Session Started:");
                assertThat(c.ask(first + ":logoff")).isEqualTo(line("OK:bye"));
                assertThat(c.ask("alice:pw")).startsWith("Session Started:");
            }
        }
    }

    @Nested
    class ConnectionsPerAddress {
        @RegisterExtension
        final MailServerExtension mail = with(l -> l.withMaxConnectionsPerAddress(1));

        @Test
        void oneConnectionTooManyFromTheAddressIsAnsweredAndClosed() throws Exception {
            mail.addUser("alice", "pw");
            try (RawMailConnection first = mail.raw()) {
                first.login("alice", "pw");
                try (RawMailConnection second = mail.raw()) {
                    assertThat(second.readLine()).isEqualTo(line("ERR:limit:too many connections from your "
                            + "address; try again later"));
                    assertThat(second.closedWithoutAnswer()).isTrue();
                }
                assertThat(mail.server().limiter().refusedPerAddress()).isEqualTo(1);
                assertThat(mail.server().openConnections()).isEqualTo(1);
            }
        }

        @Test
        void theClientReportsTheRefusalWhicheverComesFirstItsLoginOrTheAnswer() throws Exception {
            mail.addUser("alice", "pw");
            try (MailClient first = mail.client()) {
                first.login("alice", "pw");
                for (int i = 0; i < 20; i++) {
                    try (MailClient second = mail.client()) {
                        assertThatThrownBy(() -> second.login("alice", "pw"))
                                .isInstanceOfSatisfying(MailException.class, e -> {
                                    assertThat(e.code()).isEqualTo(ErrorCode.LIMIT);
                                    assertThat(e.serverText()).isEqualTo("too many connections from your address; "
                                            + "try again later");
                                });
                    }
                }
                assertThat(first.count()).isZero();
            }
        }
    }

    @Nested
    class LoginDeadline {
        @RegisterExtension
        final MailServerExtension mail = with(l -> l.withLoginTimeout(Duration.ofSeconds(1)));

        @Test
        void aConnectionThatDoesNotLogInIsAnsweredAndClosed() throws Exception {
            try (RawMailConnection silent = mail.raw()) {
                assertThat(silent.readLine()).isEqualTo(line("ERR:limit:no login within 1 s; closing"));
                assertThat(silent.closedWithoutAnswer()).isTrue();
            }
            assertThat(mail.server().stats().loginTimeouts.sum()).isEqualTo(1);
        }

        @Test
        void failedLoginsDoNotStopTheClock() throws Exception {
            try (RawMailConnection c = mail.raw()) {
                assertThat(c.ask("nobody:x")).isEqualTo(line("ERR:auth:wrong user name or password"));
                assertThat(c.readLine()).isEqualTo(line("ERR:limit:no login within 1 s; closing"));
            }
        }

        @Test
        void aLoginOrALiveSessionLiftsTheDeadline() throws Exception {
            mail.addUser("alice", "pw");
            try (RawMailConnection loggedIn = mail.raw(); RawMailConnection withSession = mail.raw();
                 RawMailConnection silent = mail.raw()) {
                String sid = loggedIn.login("alice", "pw");
                assertThat(withSession.ask(sid + ":count")).isEqualTo(line("OK:0"));
                // The silent one, opened with the others, is closed at the deadline; the other two are not.
                assertThat(silent.readLine()).startsWith("ERR:limit:no login within");
                await().atMost(Duration.ofSeconds(5))
                        .until(() -> mail.server().stats().loginTimeouts.sum() == 1);
                assertThat(loggedIn.ask(sid + ":count")).isEqualTo(line("OK:0"));
                assertThat(withSession.ask(sid + ":count")).isEqualTo(line("OK:0"));
            }
            assertThat(mail.server().stats().loginTimeouts.sum()).isEqualTo(1);
        }
    }
}
