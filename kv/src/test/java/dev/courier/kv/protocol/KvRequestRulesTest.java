package dev.courier.kv.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.kv.client.KvRequestEncoder;
import dev.courier.kv.command.PutCommand;
import dev.courier.kv.command.Commands;
import dev.courier.kv.store.SessionTable;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The client's rules and the server agree: every request the rules pass is decoded back as itself and stored by
 * PUT; every request they refuse would be a violation or {@code PUT: ERROR} at the server.
 */
class KvRequestRulesTest {
    private static final int MAX = 64;
    private static final byte[] HASH = new byte[KvRequestDecoder.HASH_BYTES];

    private static List<KvRequest> samples() {
        List<KvRequest> r = new ArrayList<>();
        String[] keys = {"", "k", "a b", "cr\r", "\u0001\u007f", "x".repeat(MAX - 6), "x".repeat(MAX - 5),
            "x".repeat(MAX - 4), "\u0000", "\u0080", "\u00e9", "l\nf"};
        for (String k : keys) {
            r.add(new KvRequest.Get(k));
            r.add(new KvRequest.Delete(k));
            r.add(new KvRequest.Put(k, "v".getBytes(StandardCharsets.US_ASCII)));
        }
        for (String v : new String[] {"", "v", "x".repeat(MAX - 5), "x".repeat(MAX - 4), "\u00e9", "\u0000", "\r"}) {
            r.add(new KvRequest.Put("k", v.getBytes(StandardCharsets.ISO_8859_1)));
        }
        return r;
    }

    /** What the server makes of {@code r}: the decoded requests after a CONNECT, or the PUT's answer. */
    private static Object serverView(KvRequest r) {
        EmbeddedChannel ch = new EmbeddedChannel(new KvRequestDecoder(MAX, Edition.TLS));
        ByteBuf out = Unpooled.buffer();
        KvRequestEncoder.write(new KvRequest.Connect("id", HASH), out);
        KvRequestEncoder.write(r, out);
        ch.writeInbound(out);
        List<Object> got = new ArrayList<>();
        for (Object o; (o = ch.readInbound()) != null; ) {
            got.add(o);
        }
        ch.finishAndReleaseAll();
        if (got.size() == 2 && got.get(1) instanceof KvRequest.Put p) {
            SessionTable store = new SessionTable(1, 10, 1 << 20);
            store.create("id", dev.courier.core.auth.SaltedDigest.of(HASH));
            return Commands.run(new PutCommand(MAX - 5).execute(p, Commands.hold("id"), Commands.over(store)));
        }
        return got.size() == 2 ? got.get(1) : got;
    }

    @Test
    void theRulesPassExactlyWhatTheServerTakes() {
        for (KvRequest r : samples()) {
            boolean ok = KvRequestRules.problem(r, MAX).isEmpty();
            Object server = serverView(r);
            if (ok) {
                assertThat(server).as("%s passes the rules", r).isNotInstanceOf(KvRequest.Violation.class)
                        .isNotEqualTo(KvReply.Status.PUT_ERROR).isNotInstanceOf(List.class);
                if (!(r instanceof KvRequest.Put)) {
                    assertThat(server).as("%s comes back as itself", r).isEqualTo(r);
                }
            } else if (!(r instanceof KvRequest.Put)) {
                boolean violation = server instanceof KvRequest.Violation || server instanceof List
                        || !server.equals(r);
                boolean zero = r instanceof KvRequest.Get g ? g.key().contains("\u0000")
                        : ((KvRequest.Delete) r).key().contains("\u0000");
                // A GET or DELETE of a key with 0x00 is taken by the server (and finds nothing): refused anyway.
                assertThat(violation || zero).as("%s is refused by the rules and the server", r).isTrue();
            } else {
                assertThat(server == KvReply.Status.PUT_ERROR || server instanceof KvRequest.Violation
                        || server instanceof List).as("%s is refused by the rules and the server: %s", r, server)
                        .isTrue();
            }
        }
    }
}
