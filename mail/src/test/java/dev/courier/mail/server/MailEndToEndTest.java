package dev.courier.mail.server;

import static dev.courier.mail.RawMailConnection.line;
import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.mail.MailServerExtension;
import dev.courier.mail.RawMailConnection;
import dev.courier.mail.protocol.Fields;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every command and error over real TLS, byte for byte. One server for the class; each test its own users. */
class MailEndToEndTest {
    @RegisterExtension
    static final MailServerExtension MAIL = new MailServerExtension();
    private static final AtomicInteger NEXT = new AtomicInteger();
    private static final String SENT_AT = "2024-05-01T12%3A00%3A00.000Z";

    /** A fresh user name for this test (the store is shared by the class). */
    private static String user(String base) {
        String name = base + NEXT.incrementAndGet();
        MAIL.addUser(name, "pw-" + name);
        return name;
    }

    @Test
    void loginStartsASessionOf32HexDigits() throws Exception {
        String alice = user("alice");
        try (RawMailConnection c = MAIL.raw()) {
            String reply = c.ask(alice + ":pw-" + alice);
            assertThat(reply).matches("Session Started:[0-9a-f]{32}#[0-9a-f]{40}\n");
            String sid = reply.substring(16, 48);
            assertThat(reply).isEqualTo(line("Session Started:" + sid));
        }
    }

    @Test
    void wrongPasswordAndUnknownUserGetTheSameAnswer() throws Exception {
        String alice = user("alice");
        try (RawMailConnection c = MAIL.raw()) {
            assertThat(c.ask(alice + ":nope")).isEqualTo(line("ERR:auth:wrong user name or password"));
            assertThat(c.ask("nobody:pw")).isEqualTo(line("ERR:auth:wrong user name or password"));
            assertThat(c.ask("not a name!:pw")).isEqualTo(line("ERR:auth:wrong user name or password"));
        }
    }

    @Test
    void emailCountDumpGetmsgDelmsgLogoffByteExact() throws Exception {
        String alice = user("alice");
        String bob = user("bob");
        String carol = user("carol");
        try (RawMailConnection a = MAIL.raw(); RawMailConnection b = MAIL.raw(); RawMailConnection cc = MAIL.raw()) {
            String sa = a.login(alice, "pw-" + alice);
            String sb = b.login(bob, "pw-" + bob);
            String sc = cc.login(carol, "pw-" + carol);
            String subject = "Re: #1 100% done";
            String body = "first line\r\nsecond: a#b";
            String r1 = a.ask(sa + ":email:" + Fields.join(bob, subject, body));
            assertThat(r1).matches("OK:sent:\\d+#[0-9a-f]{40}\n");
            long id1 = Long.parseLong(r1.substring(8, r1.indexOf('#')));
            String r2 = cc.ask(sc + ":email:" + Fields.join(bob, "other", "x"));
            long id2 = Long.parseLong(r2.substring(8, r2.indexOf('#')));
            assertThat(r2).isEqualTo(line("OK:sent:" + id2));
            String r3 = a.ask(sa + ":email:" + Fields.join(bob, subject, "again"));
            long id3 = Long.parseLong(r3.substring(8, r3.indexOf('#')));
            assertThat(id1).isLessThan(id2);
            assertThat(id2).isLessThan(id3);

            assertThat(b.ask(sb + ":count")).isEqualTo(line("OK:3"));
            assertThat(a.ask(sa + ":count")).isEqualTo(line("OK:0"));

            b.send(sb + ":dump");
            assertThat(b.readLine()).isEqualTo(line("OK:3"));
            assertThat(b.readLine()).isEqualTo(line("MSG:" + id1 + ":" + alice + ":" + SENT_AT
                    + ":Re%3A %231 100%25 done:first line%0D%0Asecond%3A a%23b"));
            assertThat(b.readLine()).isEqualTo(line("MSG:" + id2 + ":" + carol + ":" + SENT_AT + ":other:x"));
            assertThat(b.readLine()).isEqualTo(line("MSG:" + id3 + ":" + alice + ":" + SENT_AT
                    + ":Re%3A %231 100%25 done:again"));

            b.send(sb + ":getmsg:" + alice);
            assertThat(b.readLine()).isEqualTo(line("OK:2"));
            assertThat(b.readLine()).startsWith("MSG:" + id1 + ":");
            assertThat(b.readLine()).startsWith("MSG:" + id3 + ":");
            assertThat(b.ask(sb + ":getmsg:" + bob)).isEqualTo(line("OK:0"));
            assertThat(b.ask(sb + ":getmsg:nobody")).isEqualTo(line("ERR:no-such-user:no user named 'nobody'"));

            assertThat(b.ask(sb + ":delmsg:" + Fields.escape(subject))).isEqualTo(line("OK:deleted:2"));
            assertThat(b.ask(sb + ":delmsg:" + Fields.escape(subject)))
                    .isEqualTo(line("ERR:no-such-subject:no message with that subject"));
            assertThat(b.ask(sb + ":count")).isEqualTo(line("OK:1"));

            assertThat(b.ask(sb + ":logoff")).isEqualTo(line("OK:bye"));
            assertThat(b.ask(sb + ":count")).isEqualTo(line("ERR:session:no such session (it expired, was logged "
                    + "off, or its account was deleted); log in again"));
        }
    }

    @Test
    void emailToUnknownUserAndBadNames() throws Exception {
        String alice = user("alice");
        try (RawMailConnection c = MAIL.raw()) {
            String sid = c.login(alice, "pw-" + alice);
            assertThat(c.ask(sid + ":email:zed:s:b")).isEqualTo(line("ERR:no-such-user:no user named 'zed'"));
            assertThat(c.ask(sid + ":email:bad name:s:b")).isEqualTo(line("ERR:no-such-user:no user named 'bad name'"));
            assertThat(c.ask(sid + ":count")).isEqualTo(line("OK:0"));
        }
    }

    @Test
    void badRequests() throws Exception {
        String alice = user("alice");
        try (RawMailConnection c = MAIL.raw()) {
            String sid = c.login(alice, "pw-" + alice);
            assertThat(c.ask(sid + ":help")).isEqualTo(line("ERR:bad-request:unknown command 'help'; commands are "
                    + "email, count, dump, getmsg, delmsg, logoff"));
            assertThat(c.ask(sid + ":count:x")).isEqualTo(line("ERR:bad-request:count takes no fields"));
            assertThat(c.ask(sid + ":email:bob:subject only")).isEqualTo(line("ERR:bad-request:email takes "
                    + "recipient, subject, body (escape '%3A' in a field as %253A)"));
            assertThat(c.ask(sid + ":getmsg:%zz")).isEqualTo(line("ERR:bad-request:bad escape; '%25' must be "
                    + "followed by two hex digits"));
            assertThat(c.ask(sid + ":email:" + alice + ":nul:a%00b"))
                    .isEqualTo(line("ERR:bad-request:a subject or body cannot hold the NUL character"));
            assertThat(c.ask(sid)).isEqualTo(line("ERR:bad-request:missing command after the session id"));
            assertThat(c.ask("a:b:c")).isEqualTo(line("ERR:bad-request:a login is user%3Apassword, a command "
                    + "session-id%3Acommand"));
            // An unknown session is reported before the bad request.
            assertThat(c.ask("0123456789abcdef0123456789abcdef:help")).startsWith("ERR:session:");
            assertThat(c.ask(sid + ":count")).isEqualTo(line("OK:0"));
        }
    }

    @Test
    void badChecksumIsAnsweredKoAndNotExecuted() throws Exception {
        String alice = user("alice");
        try (RawMailConnection c = MAIL.raw()) {
            String sid = c.login(alice, "pw-" + alice);
            String payload = sid + ":email:" + alice + ":s:b";
            String good = line(payload);
            String corrupt = good.replace(":s:b#", ":s:c#");
            String ko = line("KO");
            assertThat(c.sendRaw(corrupt).readLine()).isEqualTo(ko);
            assertThat(c.sendRaw(payload + "\n").readLine()).isEqualTo(ko);
            assertThat(c.sendRaw(payload + "#abc\n").readLine()).isEqualTo(ko);
            assertThat(c.ask(sid + ":count")).isEqualTo(line("OK:0"));
            assertThat(c.sendRaw(good).readLine()).startsWith("OK:sent:");
            assertThat(c.ask(sid + ":count")).isEqualTo(line("OK:1"));
        }
    }

    @Test
    void aSessionWorksOnANewConnectionAndAfterTheFirstCloses() throws Exception {
        String alice = user("alice");
        String sid;
        try (RawMailConnection first = MAIL.raw()) {
            sid = first.login(alice, "pw-" + alice);
        }
        try (RawMailConnection second = MAIL.raw()) {
            assertThat(second.ask(sid + ":count")).isEqualTo(line("OK:0"));
            assertThat(second.ask(sid + ":logoff")).isEqualTo(line("OK:bye"));
        }
        try (RawMailConnection third = MAIL.raw()) {
            assertThat(third.ask(sid + ":count")).startsWith("ERR:session:");
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        String alice = user("alice");
        try (RawMailConnection c = MAIL.raw()) {
            String sid = c.login(alice, "pw-" + alice);
            StringBuilder batch = new StringBuilder();
            for (int i = 0; i < 20; i++) {
                batch.append(line(sid + ":email:" + alice + ":s" + i + ":b")).append(line(sid + ":count"));
            }
            c.sendRaw(batch.toString());
            for (int i = 0; i < 20; i++) {
                assertThat(c.readLine()).startsWith("OK:sent:");
                assertThat(c.readLine()).isEqualTo(line("OK:" + (i + 1)));
            }
        }
    }

    @Test
    void namesAreCaseInsensitive() throws Exception {
        String alice = user("alice");
        String bob = user("bob");
        try (RawMailConnection c = MAIL.raw()) {
            String sid = c.login(alice.toUpperCase(), "pw-" + alice);
            assertThat(c.ask(sid + ":email:" + bob.toUpperCase() + ":s:b")).startsWith("OK:sent:");
            c.send(sid + ":logoff");
            c.readLine();
            String sb = c.login(bob, "pw-" + bob);
            c.send(sb + ":getmsg:" + alice.toUpperCase());
            assertThat(c.readLine()).isEqualTo(line("OK:1"));
            assertThat(c.readLine()).contains(":" + alice + ":");
        }
    }

    @Test
    void nonAsciiTravelsIntact() throws Exception {
        String alice = user("alice");
        try (RawMailConnection c = MAIL.raw()) {
            String sid = c.login(alice, "pw-" + alice);
            String subject = "Grüße 日本語 😀";
            c.ask(sid + ":email:" + Fields.join(alice, subject, "ünïcödé: ok"));
            c.send(sid + ":dump");
            assertThat(c.readLine()).isEqualTo(line("OK:1"));
            String msg = c.readLine();
            assertThat(msg).endsWith(":" + SENT_AT + ":Grüße 日本語 😀:ünïcödé%3A ok#"
                    + msg.substring(msg.length() - 41));
            assertThat(msg.getBytes(StandardCharsets.UTF_8)).contains("😀".getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void aDeletedUserLosesTheSession() throws Exception {
        String dave = user("dave");
        try (RawMailConnection c = MAIL.raw()) {
            String sid = c.login(dave, "pw-" + dave);
            assertThat(c.ask(sid + ":count")).isEqualTo(line("OK:0"));
            assertThat(MAIL.accounts().delete(dave)).isTrue();
            assertThat(c.ask(sid + ":count")).startsWith("ERR:session:");
            assertThat(c.ask(sid + ":dump")).startsWith("ERR:session:");
            MAIL.addUser(dave, "new");
            assertThat(c.ask(sid + ":email:" + dave + ":s:b")).startsWith("ERR:session:");
        }
    }

    @Test
    void sessionsExpireAfterThirtyMinutesWithoutARequest() throws Exception {
        String erin = user("erin");
        try (RawMailConnection c = MAIL.raw()) {
            String sid = c.login(erin, "pw-" + erin);
            MAIL.clock().advance(Duration.ofMinutes(29));
            assertThat(c.ask(sid + ":count")).isEqualTo(line("OK:0"));
            MAIL.clock().advance(Duration.ofMinutes(30));
            assertThat(c.ask(sid + ":count")).startsWith("ERR:session:");
        }
    }
}
