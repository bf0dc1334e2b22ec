package dev.courier.conformance.mail;

import dev.courier.conformance.Bytes;
import dev.courier.conformance.Case;
import dev.courier.conformance.CaseSkipped;
import dev.courier.conformance.Target;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Every rule of the mail protocol (docs/mail-protocol.md) as a case. Accounts are the operator's, so the cases
 * that need one log in as {@code --user} (and mail themselves: mail to oneself is allowed) and skip without it;
 * each deletes the messages it sent.
 */
public final class MailCases {
    private static final String LINES = "2. Lines";
    private static final String SESSIONS = "3. Sessions";
    private static final String COMMANDS = "4. Commands";
    private static final String ERRORS = "5. Errors";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String user;
    private final String password;

    private MailCases(String user, String password) {
        this.user = user;
        this.password = password;
    }

    /** The cases; {@code user} and {@code password} name an account (null: the cases needing one skip). */
    public static List<Case> all(String user, String password) {
        MailCases m = new MailCases(user, password);
        List<Case> c = new ArrayList<>();
        c.add(Case.of("mail.lines.a-wrong-checksum-is-answered-ko", LINES, m::wrongChecksum));
        c.add(Case.of("mail.lines.a-line-without-checksum-is-answered-ko", LINES, m::noChecksum));
        c.add(Case.of("mail.lines.a-long-line-is-refused-and-closed", LINES, m::longLine));
        c.add(Case.of("mail.sessions.a-login-starts-a-session", SESSIONS, m::login));
        c.add(Case.of("mail.sessions.a-wrong-password-is-auth-error", SESSIONS, m::wrongPassword));
        c.add(Case.of("mail.sessions.a-login-of-three-fields-is-bad-request", SESSIONS, m::threeFields));
        c.add(Case.of("mail.sessions.an-unknown-session-is-session-error", SESSIONS, m::unknownSession));
        c.add(Case.of("mail.sessions.a-session-works-on-another-connection", SESSIONS, m::otherConnection));
        c.add(Case.of("mail.lines.upper-case-checksum-and-cr-are-accepted", LINES, m::upperCaseAndCr));
        c.add(Case.of("mail.commands.email-count-dump-getmsg-delmsg", COMMANDS, m::roundTrip));
        c.add(Case.of("mail.commands.fields-keep-escaped-colons-and-line-breaks", COMMANDS, m::escapes));
        c.add(Case.of("mail.commands.email-to-no-account-is-no-such-user", COMMANDS, m::noSuchUser));
        c.add(Case.of("mail.commands.delmsg-of-no-subject-is-no-such-subject", COMMANDS, m::noSuchSubject));
        c.add(Case.of("mail.commands.pipelined-answers-come-in-order", COMMANDS, m::pipelined));
        c.add(Case.of("mail.errors.an-unknown-command-is-bad-request", ERRORS, m::unknownCommand));
        c.add(Case.of("mail.commands.logoff-ends-the-session", COMMANDS, m::logoff));
        return c;
    }

    /** The names of every case, in order. */
    public static List<String> names() {
        return all(null, null).stream().map(Case::name).toList();
    }

    private void needUser() {
        if (user == null) {
            throw new CaseSkipped("needs an account: give --user and --password-file");
        }
    }

    private MailPeer open(Target t) throws Exception {
        return new MailPeer(t.open());
    }

    private String login(MailPeer p) throws Exception {
        p.request(user + ":" + password);
        String got = p.expectPrefix("Session Started:");
        String id = got.substring("Session Started:".length());
        if (!id.matches("[0-9a-f]{32}")) {
            throw p.fail("a session id that is not 32 lower-case hex digits", "32 hex digits", id);
        }
        return id;
    }

    private static String tag() {
        byte[] r = new byte[5];
        RANDOM.nextBytes(r);
        return "conformance " + HexFormat.of().formatHex(r);
    }

    private void wrongChecksum(Target t) throws Exception {
        try (MailPeer p = open(t)) {
            p.raw(Bytes.ascii("alice:secret#" + "0".repeat(40) + "\n")).expect("KO");
        }
    }

    private void noChecksum(Target t) throws Exception {
        try (MailPeer p = open(t)) {
            p.raw(Bytes.ascii("hello\n")).expect("KO");
        }
    }

    private void longLine(Target t) throws Exception {
        try (MailPeer p = open(t)) {
            p.raw(Bytes.ascii("x".repeat(65_536) + "\n"));
            p.expectPrefix("ERR:limit:");
            p.expectClosed();
        }
    }

    private void login(Target t) throws Exception {
        needUser();
        try (MailPeer p = open(t)) {
            String id = login(p);
            p.request(id + ":logoff").expect("OK:bye");
        }
    }

    private void wrongPassword(Target t) throws Exception {
        needUser();
        try (MailPeer p = open(t)) {
            p.request(user + ":" + password + "-wrong").expect("ERR:auth:wrong user name or password");
        }
    }

    private void threeFields(Target t) throws Exception {
        try (MailPeer p = open(t)) {
            p.request("a:b:c").expectPrefix("ERR:bad-request:");
        }
    }

    private void unknownSession(Target t) throws Exception {
        try (MailPeer p = open(t)) {
            p.request("0123456789abcdef0123456789abcdef:count").expectPrefix("ERR:session:");
        }
    }

    private void otherConnection(Target t) throws Exception {
        needUser();
        String id;
        try (MailPeer p = open(t)) {
            id = login(p);
        }
        try (MailPeer q = open(t)) {
            q.request(id + ":count").expectPrefix("OK:");
            q.request(id + ":logoff").expect("OK:bye");
        }
    }

    private void upperCaseAndCr(Target t) throws Exception {
        needUser();
        try (MailPeer p = open(t)) {
            String id = login(p);
            String payload = id + ":count";
            p.raw((payload + "#" + MailPeer.sha1(payload).toUpperCase() + "\r\n").getBytes(StandardCharsets.UTF_8));
            p.expectPrefix("OK:");
            p.request(id + ":logoff").expect("OK:bye");
        }
    }

    private void roundTrip(Target t) throws Exception {
        needUser();
        String subject = tag();
        try (MailPeer p = open(t)) {
            String id = login(p);
            long before = Long.parseLong(p.request(id + ":count").expectPrefix("OK:").substring(3));
            p.request(id + ":email:" + user + ":" + subject + ":hello from the kit").expectPrefix("OK:sent:");
            p.request(id + ":count").expect("OK:" + (before + 1));
            p.request(id + ":dump").expect("OK:" + (before + 1));
            boolean seen = false;
            for (long i = 0; i <= before; i++) {
                String line = p.expectPrefix("MSG:");
                String[] f = line.split(":", -1);
                if (f.length == 6 && f[2].equals(user.toLowerCase()) && f[4].equals(subject.replace(":", "%3A"))
                        && f[5].equals("hello from the kit")) {
                    seen = true;
                }
            }
            if (!seen) {
                throw p.fail("the dump does not list the message just sent", "MSG:id:" + user + ":...:" + subject
                        + ":hello from the kit", "(not among the lines)");
            }
            String got = p.request(id + ":getmsg:" + user).expectPrefix("OK:");
            for (long i = 0; i < Long.parseLong(got.substring(3)); i++) {
                p.expectPrefix("MSG:");
            }
            p.request(id + ":delmsg:" + subject).expect("OK:deleted:1");
            p.request(id + ":count").expect("OK:" + before);
            p.request(id + ":logoff").expect("OK:bye");
        }
    }

    private void escapes(Target t) throws Exception {
        needUser();
        String subject = tag() + " a%3Ab";
        try (MailPeer p = open(t)) {
            String id = login(p);
            p.request(id + ":email:" + user + ":" + subject + ":line one%0Aline two%23").expectPrefix("OK:sent:");
            String got = p.request(id + ":getmsg:" + user).expectPrefix("OK:");
            boolean seen = false;
            for (long i = 0; i < Long.parseLong(got.substring(3)); i++) {
                String line = p.expectPrefix("MSG:");
                if (line.endsWith(":" + subject + ":line one%0Aline two%23")) {
                    seen = true;
                }
            }
            if (!seen) {
                throw p.fail("the escaped subject and body did not come back as sent", "...:" + subject
                        + ":line one%0Aline two%23", "(not among the lines)");
            }
            p.request(id + ":delmsg:" + subject).expect("OK:deleted:1");
            p.request(id + ":logoff").expect("OK:bye");
        }
    }

    private void noSuchUser(Target t) throws Exception {
        needUser();
        try (MailPeer p = open(t)) {
            String id = login(p);
            p.request(id + ":email:no-such-user-" + HexFormat.of().formatHex(new byte[] {(byte) RANDOM.nextInt()})
                    + ":s:b").expectPrefix("ERR:no-such-user:");
            p.request(id + ":logoff").expect("OK:bye");
        }
    }

    private void noSuchSubject(Target t) throws Exception {
        needUser();
        try (MailPeer p = open(t)) {
            String id = login(p);
            p.request(id + ":delmsg:" + tag()).expectPrefix("ERR:no-such-subject:");
            p.request(id + ":logoff").expect("OK:bye");
        }
    }

    private void pipelined(Target t) throws Exception {
        needUser();
        try (MailPeer p = open(t)) {
            String id = login(p);
            p.raw(Bytes.concat(MailPeer.line(id + ":count"), MailPeer.line(id + ":nonsense"),
                    MailPeer.line(id + ":count"), MailPeer.line(id + ":logoff")));
            p.expectPrefix("OK:");
            p.expectPrefix("ERR:bad-request:");
            p.expectPrefix("OK:");
            p.expect("OK:bye");
        }
    }

    private void unknownCommand(Target t) throws Exception {
        needUser();
        try (MailPeer p = open(t)) {
            String id = login(p);
            p.request(id + ":frobnicate").expectPrefix("ERR:bad-request:");
            p.request(id + ":logoff").expect("OK:bye");
        }
    }

    private void logoff(Target t) throws Exception {
        needUser();
        try (MailPeer p = open(t)) {
            String id = login(p);
            p.request(id + ":logoff").expect("OK:bye");
            p.request(id + ":count").expectPrefix("ERR:session:");
        }
    }
}
