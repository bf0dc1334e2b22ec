package dev.courier.conformance.kv;

import static dev.courier.conformance.Bytes.ascii;
import static dev.courier.conformance.Bytes.concat;

import dev.courier.conformance.Case;
import dev.courier.conformance.CaseSkipped;
import dev.courier.conformance.Peer;
import dev.courier.conformance.Target;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Every rule of the KV protocol's TLS edition (docs/kv-protocol.md) as a case. Each case opens its own session
 * (a fresh id in open mode, the given account in accounts mode) and ends it with DISCONNECT, which erases it. Cases
 * are written in the line dialect; against a server of the record dialect (docs/kv-record-dialect.md) what they
 * send becomes records ({@link KvRecordFraming}) and each answer must be one record, exactly the line without its
 * LF. Rules of one dialect only are skipped in the other, saying so.
 */
public final class KvCases {
    private static final String OPENING = "Opening a session";
    private static final String COMMANDS = "Commands of a bound session";
    private static final String MESSAGES = "Messages";
    private static final String VIOLATIONS = "Protocol violations";
    private static final String RESUME = "Detached sessions and resume";
    private static final String RECORDS = "The record dialect";

    private final KvOptions o;

    private KvCases(KvOptions o) {
        this.o = o;
    }

    /** The cases, in the order of the spec's sections. */
    public static List<Case> all(KvOptions options) {
        KvCases k = new KvCases(options);
        List<Case> c = new ArrayList<>();
        c.add(Case.of("kv.connect.opens-a-session", OPENING, k::opensASession));
        c.add(Case.of("kv.connect.empty-id-is-a-violation", OPENING, k::emptyId));
        c.add(Case.concurrent("kv.connect.a-bound-session-is-busy", OPENING, k::busy));
        c.add(Case.of("kv.commands.put-then-get-gives-value-and-crc", COMMANDS, k::putGet));
        c.add(Case.of("kv.commands.get-of-a-missing-key-is-error", COMMANDS, k::getMissing));
        c.add(Case.of("kv.commands.put-overwrites", COMMANDS, k::overwrite));
        c.add(Case.of("kv.commands.delete-removes-the-key", COMMANDS, k::delete));
        c.add(Case.of("kv.commands.delete-of-a-missing-key-is-ok", COMMANDS, k::deleteMissing));
        c.add(Case.of("kv.commands.empty-key-and-empty-value", COMMANDS, k::empty));
        c.add(Case.of("kv.commands.a-key-may-hold-spaces", COMMANDS, k::spaces));
        c.add(Case.of("kv.commands.pipelined-answers-come-in-order", COMMANDS, k::pipelined));
        c.add(Case.of("kv.commands.a-value-at-the-limit-is-stored", COMMANDS, k::valueAtLimit));
        c.add(Case.of("kv.commands.a-value-past-the-limit-is-refused", COMMANDS, k::valuePastLimit));
        c.add(Case.of("kv.commands.a-non-ascii-value-is-refused-in-step", COMMANDS, k::nonAscii));
        c.add(Case.of("kv.commands.disconnect-erases-the-session", COMMANDS, k::disconnectErases));
        c.add(Case.of("kv.messages.bytes-may-arrive-one-by-one", MESSAGES, k::byteByByte));
        c.add(Case.of("kv.resume.a-detached-session-keeps-its-data", RESUME, k::resume));
        c.add(Case.of("kv.resume.a-wrong-hash-is-refused", RESUME, k::resumeWrongHash));
        c.add(Case.of("kv.violations.a-command-before-connect", VIOLATIONS, k::beforeConnect));
        c.add(violation(k, "lower-case-verb", "put k\nv\n"));
        c.add(violation(k, "unknown-verb", "FETCH k\n"));
        c.add(violation(k, "verb-without-its-space", "GETk\n"));
        c.add(violation(k, "disconnect-with-a-carriage-return", "DISCONNECT\r\n"));
        c.add(violation(k, "a-high-byte-in-a-get-line", "GET k\u0080\n"));
        c.add(Case.of("kv.violations.a-second-connect", VIOLATIONS,
                t -> k.violates(t, concat(ascii("CONNECT again\n"), new byte[32]))));
        c.add(Case.of("kv.violations.a-message-over-the-limit", VIOLATIONS,
                t -> k.violates(t, ascii("GET " + "a".repeat(options.maxMessage()) + "\n"))));
        c.add(Case.of("kv.records.a-put-record-without-its-value", RECORDS, k::putWithoutValue));
        c.add(Case.of("kv.records.a-hash-record-of-the-wrong-length", RECORDS, k::shortHash));
        c.add(Case.of("kv.records.an-lf-in-a-get-record", RECORDS, k::lfInGet));
        return c;
    }

    private static Case violation(KvCases k, String rule, String bytes) {
        return Case.of("kv.violations." + rule, VIOLATIONS, t -> k.violates(t, ascii(bytes)));
    }

    /** A new connection; in the record dialect its answers are read as records. */
    private Peer open(Target t) throws IOException {
        Peer p = t.open();
        return o.records() ? p.records() : p;
    }

    /** Sends {@code bytes}, given in the line dialect: as they are, or as the records they make. */
    private Peer send(Peer p, byte[] bytes) throws IOException {
        return o.records() ? p.sendRecords(KvRecordFraming.records(bytes, true), bytes) : p.send(bytes);
    }

    private Peer send(Peer p, String text) throws IOException {
        return send(p, ascii(text));
    }

    /** Sends {@code records} as they are (cases of the record dialect only). */
    private static Peer sendRecords(Peer p, byte[]... records) throws IOException {
        return p.sendRecords(List.of(records), concat(records));
    }

    /** Opens {@code login}'s session on a new connection: CONNECT answered OK. */
    private Peer bind(Target t, KvOptions.Login login) throws IOException {
        Peer p = open(t);
        try {
            send(p, concat(ascii("CONNECT " + login.id() + "\n"), login.hash())).expect("CONNECT: OK\n");
            return p;
        } catch (RuntimeException | IOException e) {
            p.close();
            throw e;
        }
    }

    /** DISCONNECT: answered, then the connection closed. */
    private void disconnect(Peer p) throws IOException {
        send(p, "DISCONNECT\n").expect("DISCONNECT: OK\n");
        p.expectClosedWithoutAnswer();
        p.close();
    }

    private static String crc(byte[] v) {
        CRC32 c = new CRC32();
        c.update(v);
        return Long.toString(c.getValue());
    }

    private static String getAnswer(String value) {
        return "GET " + value + "\n" + crc(ascii(value)) + "\n";
    }

    private void opensASession(Target t) throws IOException {
        disconnect(bind(t, o.login()));
    }

    private void emptyId(Target t) throws IOException {
        try (Peer p = open(t)) {
            send(p, concat(ascii("CONNECT \n"), new byte[32])).expectClosedWithoutAnswer();
        }
    }

    private void busy(Target t) throws IOException {
        KvOptions.Login login = o.login();
        Peer a = bind(t, login);
        try (Peer b = open(t)) {
            send(b, concat(ascii("CONNECT " + login.id() + "\n"), login.hash())).expect("CONNECT: ERROR\n");
            b.expectClosedWithoutAnswer();
        }
        send(a, "PUT k\nstill mine\n").expect("PUT: OK\n");
        disconnect(a);
    }

    private void putGet(Target t) throws IOException {
        Peer p = bind(t, o.login());
        send(p, "PUT greeting\nhello world\n").expect("PUT: OK\n");
        send(p, "GET greeting\n").expect("GET hello world\n222957957\n");
        disconnect(p);
    }

    private void getMissing(Target t) throws IOException {
        Peer p = bind(t, o.login());
        send(p, "GET nothing-here\n").expect("GET: ERROR\n");
        disconnect(p);
    }

    private void overwrite(Target t) throws IOException {
        Peer p = bind(t, o.login());
        send(p, "PUT k\nfirst\n").expect("PUT: OK\n");
        send(p, "PUT k\nsecond\n").expect("PUT: OK\n");
        send(p, "GET k\n").expect(getAnswer("second"));
        disconnect(p);
    }

    private void delete(Target t) throws IOException {
        Peer p = bind(t, o.login());
        send(p, "PUT k\nv\n").expect("PUT: OK\n");
        send(p, "DELETE k\n").expect("DELETE: OK\n");
        send(p, "GET k\n").expect("GET: ERROR\n");
        disconnect(p);
    }

    private void deleteMissing(Target t) throws IOException {
        Peer p = bind(t, o.login());
        send(p, "DELETE never-put\n").expect("DELETE: OK\n");
        disconnect(p);
    }

    private void empty(Target t) throws IOException {
        Peer p = bind(t, o.login());
        send(p, "PUT \n\n").expect("PUT: OK\n");
        send(p, "GET \n").expect("GET \n0\n");
        disconnect(p);
    }

    private void spaces(Target t) throws IOException {
        Peer p = bind(t, o.login());
        send(p, "PUT a key with spaces\na value with spaces\n").expect("PUT: OK\n");
        send(p, "GET a key with spaces\n").expect(getAnswer("a value with spaces"));
        disconnect(p);
    }

    private void pipelined(Target t) throws IOException {
        if (o.records()) {
            throw new CaseSkipped("a rule of the line dialect: the record dialect is one command at a time");
        }
        Peer p = bind(t, o.login());
        send(p, "PUT a\n1\nPUT b\n2\nGET a\nGET b\nDELETE a\nGET a\n");
        p.expect("PUT: OK\n").expect("PUT: OK\n").expect(getAnswer("1")).expect(getAnswer("2"))
                .expect("DELETE: OK\n").expect("GET: ERROR\n");
        disconnect(p);
    }

    private void valueAtLimit(Target t) throws IOException {
        String v = "v".repeat(o.maxMessage() - 5);
        Peer p = bind(t, o.login());
        send(p, "PUT big\n" + v + "\n").expect("PUT: OK\n");
        send(p, "GET big\n").expect(getAnswer(v));
        disconnect(p);
    }

    private void valuePastLimit(Target t) throws IOException {
        // One byte more than a GET answer can carry, but still a message within the limit.
        String v = "v".repeat(o.maxMessage() - 4);
        Peer p = bind(t, o.login());
        send(p, "PUT big\n" + v + "\n").expect("PUT: ERROR\n");
        send(p, "GET big\n").expect("GET: ERROR\n");
        disconnect(p);
    }

    private void nonAscii(Target t) throws IOException {
        Peer p = bind(t, o.login());
        send(p, concat(ascii("PUT k\nbad "), new byte[] {(byte) 0xC3, (byte) 0xA9}, ascii("\n")))
                .expect("PUT: ERROR\n");
        // The value was read: the next command is understood as one.
        send(p, "GET k\n").expect("GET: ERROR\n");
        disconnect(p);
    }

    private void disconnectErases(Target t) throws IOException {
        if (o.accounts()) {
            skipInAccounts();
        }
        KvOptions.Login login = o.login();
        Peer p = bind(t, login);
        send(p, "PUT k\nv\n").expect("PUT: OK\n");
        disconnect(p);
        // Erased: the id is free, another password makes a new, empty session.
        Peer again = bind(t, new KvOptions.Login(login.id(), o.hash("another password")));
        send(again, "GET k\n").expect("GET: ERROR\n");
        disconnect(again);
    }

    private void byteByByte(Target t) throws IOException {
        if (o.records()) {
            throw new CaseSkipped("a rule of the line dialect: in the record dialect each write is a message");
        }
        KvOptions.Login login = o.login();
        try (Peer p = open(t)) {
            p.sendByteByByte(concat(ascii("CONNECT " + login.id() + "\n"), login.hash())).expect("CONNECT: OK\n");
            p.sendByteByByte(ascii("PUT k\nv\n")).expect("PUT: OK\n");
            p.sendByteByByte(ascii("GET k\n")).expect(getAnswer("v"));
            disconnect(p);
        }
    }

    /**
     * Binds {@code login} again after its connection was cut: the server may take a moment to see the cut, so a
     * {@code CONNECT: ERROR} is retried until the timeout (a wait for an event, not a sleep).
     */
    private Peer rebind(Target t, KvOptions.Login login) throws IOException {
        long deadline = System.nanoTime() + t.timeout().toNanos();
        while (true) {
            try {
                return bind(t, login);
            } catch (dev.courier.conformance.CaseFailure f) {
                if (System.nanoTime() > deadline) {
                    throw f;
                }
            }
        }
    }

    private void resume(Target t) throws IOException {
        KvOptions.Login login = o.login();
        Peer p = bind(t, login);
        send(p, "PUT kept\nacross connections\n").expect("PUT: OK\n");
        p.close();
        Peer back = rebind(t, login);
        send(back, "GET kept\n").expect(getAnswer("across connections"));
        disconnect(back);
    }

    private void resumeWrongHash(Target t) throws IOException {
        if (o.accounts()) {
            skipInAccounts();
        }
        KvOptions.Login login = o.login();
        Peer p = bind(t, login);
        send(p, "PUT k\nv\n").expect("PUT: OK\n");
        p.close();
        // Wait until the server sees the session detached (the right hash binds again), then cut it again.
        rebind(t, login).close();
        try (Peer wrong = open(t)) {
            byte[] other = o.hash("not the password");
            long deadline = System.nanoTime() + t.timeout().toNanos();
            send(wrong, concat(ascii("CONNECT " + login.id() + "\n"), other)).expect("CONNECT: ERROR\n");
            wrong.expectClosedWithoutAnswer();
            if (System.nanoTime() > deadline) {
                throw wrong.fail("the refusal came after the timeout", "CONNECT: ERROR", "(late)");
            }
        }
        disconnect(rebind(t, login));
    }

    private void beforeConnect(Target t) throws IOException {
        try (Peer p = open(t)) {
            send(p, "GET k\n").expectClosedWithoutAnswer();
        }
    }

    /** {@code bytes} in a bound session drop the connection without an answer, and the session is erased. */
    private void violates(Target t, byte[] bytes) throws IOException {
        KvOptions.Login login = o.login();
        Peer p = bind(t, login);
        send(p, "PUT k\nbefore the violation\n").expect("PUT: OK\n");
        send(p, bytes).expectClosedWithoutAnswer();
        p.close();
        // Erased, not detached: in open mode another password opens a new session; with an account, no data.
        KvOptions.Login next = o.accounts() ? login : new KvOptions.Login(login.id(), o.hash("after"));
        Peer after = rebind(t, next);
        send(after, "GET k\n").expect("GET: ERROR\n");
        disconnect(after);
    }

    private void onlyInRecords() {
        if (!o.records()) {
            throw new CaseSkipped("a rule of the record dialect (docs/kv-record-dialect.md); run with --dialect record");
        }
    }

    private void putWithoutValue(Target t) throws IOException {
        onlyInRecords();
        violatesRecords(t, ascii("PUT k"));
    }

    private void shortHash(Target t) throws IOException {
        onlyInRecords();
        try (Peer p = open(t)) {
            KvOptions.Login login = o.login();
            sendRecords(p, ascii("CONNECT " + login.id()), java.util.Arrays.copyOf(login.hash(), 31))
                    .expectClosedWithoutAnswer();
        }
    }

    private void lfInGet(Target t) throws IOException {
        onlyInRecords();
        violatesRecords(t, ascii("GET k\n"));
    }

    /** The record {@code bytes} in a bound session drops the connection without an answer and erases the session. */
    private void violatesRecords(Target t, byte[] record) throws IOException {
        KvOptions.Login login = o.login();
        Peer p = bind(t, login);
        send(p, "PUT k\nbefore the violation\n").expect("PUT: OK\n");
        sendRecords(p, record).expectClosedWithoutAnswer();
        p.close();
        KvOptions.Login next = o.accounts() ? login : new KvOptions.Login(login.id(), o.hash("after"));
        Peer after = rebind(t, next);
        send(after, "GET k\n").expect("GET: ERROR\n");
        disconnect(after);
    }

    private static void skipInAccounts() {
        throw new CaseSkipped("needs open mode (the rule is about a new session under the same id)");
    }

    /** The names of every case, in order (for --help and tests). */
    public static List<String> names() {
        return all(KvOptions.defaults()).stream().map(Case::name).toList();
    }

    @Override
    public String toString() {
        return "KvCases" + Arrays.toString(new Object[] {o.accounts() ? "accounts" : "open"});
    }
}
