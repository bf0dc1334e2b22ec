package dev.courier.kv.protocol;

/**
 * The grammar of one request message (spec sections 3-5), shared by both dialects' decoders: which verb, whether it
 * may come now (CONNECT first and once), and what must follow its line (the hash after CONNECT, the value after
 * PUT). One instance per connection: it remembers whether the connection has CONNECTed.
 */
public final class KvGrammar {
    private final Edition edition;
    private boolean connected;
    private KvVerbs.Follow awaiting = KvVerbs.Follow.NONE;
    private String pending;

    /** A grammar for a connection speaking {@code edition}. */
    public KvGrammar(Edition edition) {
        this.edition = edition;
    }

    /**
     * Reads one command message, without its LF: the request it makes, a {@link KvRequest.Violation}, or null when
     * the request needs what follows the line; then {@link #awaiting()} says what, and {@link #takePending()} gives
     * the client id or the key.
     */
    public KvRequest line(byte[] message) {
        KvVerbs.Verb verb = KvVerbs.match(message);
        if (verb == null) {
            return new KvRequest.Violation("unknown command");
        }
        if (verb != KvVerbs.PUT && !isAscii(message)) {
            // PUT's key is checked by the command, which answers PUT: ERROR (spec section 4).
            return new KvRequest.Violation("non-ASCII byte in " + verb.name());
        }
        if (verb == KvVerbs.CONNECT) {
            if (connected) {
                return new KvRequest.Violation("second CONNECT");
            }
            String id = KvVerbs.argument(verb, message);
            if (!KvRequestRules.validClientId(id)) {
                return new KvRequest.Violation("bad client id");
            }
            connected = true;
            if (edition == Edition.RSA) {
                return new KvRequest.Connect(id, null);
            }
            return await(KvVerbs.Follow.HASH, id);
        }
        if (!connected) {
            return new KvRequest.Violation(verb.name() + " before CONNECT");
        }
        if (verb == KvVerbs.PUT) {
            return await(KvVerbs.Follow.VALUE, KvVerbs.argument(verb, message));
        }
        return verb.parse().apply(verb.hasArgument() ? KvVerbs.argument(verb, message) : "");
    }

    private KvRequest await(KvVerbs.Follow follow, String idOrKey) {
        awaiting = follow;
        pending = idOrKey;
        return null;
    }

    /** What the last line left waiting for: the hash, the value, or nothing. */
    public KvVerbs.Follow awaiting() {
        return awaiting;
    }

    /** The client id (hash awaited) or the key (value awaited) of the last line; the wait is over. */
    public String takePending() {
        String p = pending;
        pending = null;
        awaiting = KvVerbs.Follow.NONE;
        return p;
    }

    private static boolean isAscii(byte[] b) {
        for (byte x : b) {
            if (x < 0) {
                return false;
            }
        }
        return true;
    }
}
