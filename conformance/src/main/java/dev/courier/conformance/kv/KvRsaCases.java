package dev.courier.conformance.kv;

import dev.courier.conformance.Bytes;
import dev.courier.conformance.Case;
import dev.courier.conformance.CaseFailure;
import dev.courier.conformance.CaseSkipped;
import dev.courier.conformance.Dialect;
import dev.courier.conformance.Target;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Every rule of the KV protocol's legacy RSA edition (docs/kv-rsa-edition.md) as a case: the key exchange, blocks
 * and the short-block rule, the bare value of a GET, sessions that end with their connection, and violations. The
 * kit's own key is 1024 bits, so the two directions use blocks of different sizes, as the edition allows.
 */
public final class KvRsaCases {
    private static final String KEYS = "Key exchange";
    private static final String BLOCKS = "Blocks";
    private static final String SEMANTICS = "Semantics";
    private static final String BAD = "Bad input";
    private static final SecureRandom RANDOM = new SecureRandom();

    private static final String RECORDS = "The record dialect";

    private final KeyPair mine;
    private final Dialect dialect;

    private KvRsaCases(KeyPair mine, Dialect dialect) {
        this.mine = mine;
        this.dialect = dialect;
    }

    /** The cases of the line dialect, in the order of the page's sections. */
    public static List<Case> all() {
        return all(Dialect.LINE);
    }

    /**
     * The cases for a server of {@code dialect}, in the order of the page's sections. In the record dialect what a
     * case sends becomes one block per message and every answer must be one block without LF; the rules of the
     * line dialect's blocks are skipped there, saying so.
     */
    public static List<Case> all(Dialect dialect) {
        KeyPair keys;
        try {
            keys = RsaPeer.keys(1024);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot make an RSA key: " + e.getMessage(), e);
        }
        KvRsaCases k = new KvRsaCases(keys, dialect);
        List<Case> c = new ArrayList<>();
        c.add(Case.of("kv-rsa.keys.the-server-answers-with-its-public-key", KEYS, k::serverKey));
        c.add(Case.of("kv-rsa.keys.a-malformed-key-is-dropped-without-an-answer", KEYS, k::badKey));
        c.add(Case.of("kv-rsa.blocks.a-message-ending-with-lf-opens-a-session", BLOCKS, k::connectWithLf));
        c.add(Case.of("kv-rsa.blocks.a-short-block-without-lf-is-a-whole-message", BLOCKS, k::shortBlock));
        c.add(Case.of("kv-rsa.blocks.a-long-value-spans-several-blocks", BLOCKS, k::longValue));
        c.add(Case.of("kv-rsa.blocks.an-answer-filling-a-whole-piece-still-ends-with-lf", BLOCKS, k::wholePiece));
        c.add(Case.of("kv-rsa.semantics.get-answers-the-bare-value", SEMANTICS, k::bareValue));
        c.add(Case.of("kv-rsa.semantics.get-of-a-missing-key-is-error", SEMANTICS, k::getMissing));
        c.add(Case.of("kv-rsa.semantics.delete-removes-the-key", SEMANTICS, k::delete));
        c.add(Case.of("kv-rsa.semantics.a-session-ends-with-its-connection", SEMANTICS, k::endsWithConnection));
        c.add(Case.concurrent("kv-rsa.semantics.a-bound-session-is-busy", SEMANTICS, k::busy));
        c.add(Case.of("kv-rsa.bad-input.a-block-that-does-not-decrypt", BAD, k::garbageBlock));
        c.add(Case.of("kv-rsa.bad-input.an-unknown-verb", BAD, k::unknownVerb));
        c.add(Case.of("kv-rsa.bad-input.a-command-before-connect", BAD, k::beforeConnect));
        c.add(Case.of("kv-rsa.bad-input.a-violation-erases-the-session", BAD, k::violationErases));
        c.add(Case.of("kv-rsa.records.each-message-is-one-block-and-get-answers-get-value", RECORDS,
                k::recordGet));
        return c;
    }

    /** The names of every case, in order (the same in both dialects). */
    public static List<String> names() {
        return all().stream().map(Case::name).toList();
    }

    private static String id() {
        byte[] r = new byte[6];
        RANDOM.nextBytes(r);
        return "conformance-rsa-" + HexFormat.of().formatHex(r);
    }

    private RsaPeer open(Target t) throws Exception {
        RsaPeer p = RsaPeer.exchange(t.open(), mine);
        return dialect == Dialect.RECORD ? p.records() : p;
    }

    private void lineOnly(String why) {
        if (dialect == Dialect.RECORD) {
            throw new CaseSkipped("a rule of the line dialect: " + why);
        }
    }

    private void recordGet(Target t) throws Exception {
        if (dialect != Dialect.RECORD) {
            throw new CaseSkipped("a rule of the record dialect (docs/kv-record-dialect.md); run with --dialect "
                    + "record");
        }
        RsaPeer p = bind(t, id());
        p.send("PUT greeting\nhello, world\n").expect("PUT: OK\n");
        p.send("GET greeting\n").expect("GET hello, world\n");
        disconnect(p);
    }

    private RsaPeer bind(Target t, String id) throws Exception {
        RsaPeer p = open(t);
        p.send("CONNECT " + id + "\n").expect("CONNECT: OK\n");
        return p;
    }

    private static void disconnect(RsaPeer p) throws Exception {
        p.send("DISCONNECT\n").expect("DISCONNECT: OK\n");
        p.expectClosedWithoutAnswer();
        p.close();
    }

    private void serverKey(Target t) throws Exception {
        try (RsaPeer p = open(t)) {
            int bits = p.serverKey().getModulus().bitLength();
            if (bits < 512 || bits > 4096) {
                throw p.fail("a server key outside 512 to 4096 bits", "512..4096 bits", bits + " bits");
            }
        }
    }

    private void badKey(Target t) throws Exception {
        try (var peer = t.open()) {
            peer.send(Bytes.ascii("-----BEGIN RSA PUBLIC KEY-----\nnot base64 at all!\n"
                    + "-----END RSA PUBLIC KEY-----\n"));
            peer.expectClosedWithoutAnswer();
        }
    }

    private void connectWithLf(Target t) throws Exception {
        lineOnly("the record dialect sends no LF");
        disconnect(bind(t, id()));
    }

    private void shortBlock(Target t) throws Exception {
        lineOnly("in the record dialect every block is a whole message");
        try (RsaPeer p = open(t)) {
            p.send("CONNECT " + id()).expect("CONNECT: OK\n");
            p.send("PUT k").send("v").expect("PUT: OK\n");
            p.send("GET k").expect("v\n");
            disconnect(p);
        }
    }

    private void longValue(Target t) throws Exception {
        lineOnly("in the record dialect a message is one block");
        String v = "0123456789abcdef".repeat(9);
        RsaPeer p = bind(t, id());
        p.send("PUT long\n" + v + "\n").expect("PUT: OK\n");
        p.send("GET long\n").expect(v + "\n");
        disconnect(p);
    }

    /**
     * A value of exactly one piece of the kit's blocks: its answer's text fills a whole block, so the LF must follow
     * in a block of its own; a server that leaves the LF out leaves the kit waiting for the rest of the message.
     */
    private void wholePiece(Target t) throws Exception {
        lineOnly("the record dialect's answers carry no LF");
        int piece = (((java.security.interfaces.RSAPublicKey) mine.getPublic()).getModulus().bitLength() + 7) / 8
                - 11;
        String v = "w".repeat(piece);
        RsaPeer p = bind(t, id());
        p.send("PUT whole\n" + v + "\n").expect("PUT: OK\n");
        p.send("GET whole\n").expect(v + "\n");
        disconnect(p);
    }

    private void bareValue(Target t) throws Exception {
        lineOnly("the record dialect answers GET value, as the original program does");
        RsaPeer p = bind(t, id());
        p.send("PUT greeting\nhello, world\n").expect("PUT: OK\n");
        p.send("GET greeting\n").expect("hello, world\n");
        disconnect(p);
    }

    private void getMissing(Target t) throws Exception {
        RsaPeer p = bind(t, id());
        p.send("GET missing\n").expect("GET: ERROR\n");
        disconnect(p);
    }

    private void delete(Target t) throws Exception {
        RsaPeer p = bind(t, id());
        p.send("PUT k\nv\n").expect("PUT: OK\n");
        p.send("DELETE k\n").expect("DELETE: OK\n");
        p.send("GET k\n").expect("GET: ERROR\n");
        disconnect(p);
    }

    private void endsWithConnection(Target t) throws Exception {
        String id = id();
        RsaPeer p = bind(t, id);
        p.send("PUT k\nv\n").expect("PUT: OK\n");
        p.close();
        // Erased at once: the id is free again (the server may take a moment to see the close).
        expectErased(t, id);
    }

    private void busy(Target t) throws Exception {
        String id = id();
        RsaPeer a = bind(t, id);
        try (RsaPeer b = open(t)) {
            b.send("CONNECT " + id + "\n").expect("CONNECT: ERROR\n");
        }
        a.send("PUT k\nstill mine\n").expect("PUT: OK\n");
        disconnect(a);
    }

    private void garbageBlock(Target t) throws Exception {
        RsaPeer p = bind(t, id());
        int k = (p.serverKey().getModulus().bitLength() + 7) / 8;
        byte[] junk = new byte[k];
        // Below the modulus (a leading zero byte) but with no valid PKCS#1 padding.
        RANDOM.nextBytes(junk);
        junk[0] = 0;
        junk[1] = 0x7F;
        p.sendRaw(junk).expectClosedWithoutAnswer();
        p.close();
    }

    private void unknownVerb(Target t) throws Exception {
        RsaPeer p = bind(t, id());
        p.send("FETCH k\n").expectClosedWithoutAnswer();
        p.close();
    }

    /** A violation drops the connection and erases the session: its id can be opened again, with no data. */
    private void violationErases(Target t) throws Exception {
        String id = id();
        RsaPeer p = bind(t, id);
        p.send("PUT k\nbefore the violation\n").expect("PUT: OK\n");
        p.send("FETCH k\n").expectClosedWithoutAnswer();
        p.close();
        expectErased(t, id);
    }

    /**
     * Checks that the session {@code id} is gone: it opens again, without its key {@code k}. Tried again until the
     * timeout, since the server may take a moment to see the close; a session it kept answers CONNECT: ERROR
     * forever.
     */
    private void expectErased(Target t, String id) throws Exception {
        long deadline = System.nanoTime() + t.timeout().toNanos();
        while (true) {
            try (RsaPeer again = open(t)) {
                again.send("CONNECT " + id + "\n").expect("CONNECT: OK\n");
                again.send("GET k\n").expect("GET: ERROR\n");
                disconnect(again);
                return;
            } catch (CaseFailure f) {
                if (System.nanoTime() > deadline) {
                    throw f;
                }
            }
        }
    }

    private void beforeConnect(Target t) throws Exception {
        try (RsaPeer p = open(t)) {
            p.send("GET k\n").expectClosedWithoutAnswer();
        }
    }
}
