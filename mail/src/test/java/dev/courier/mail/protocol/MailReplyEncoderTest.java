package dev.courier.mail.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MailReplyEncoderTest {
    private static String encode(MailReply r) {
        ByteBuf b = Unpooled.buffer();
        MailReplyEncoder.write(r, b);
        String s = b.toString(StandardCharsets.UTF_8);
        b.release();
        return s;
    }

    private static String line(String payload) {
        return payload + "#" + Checksum.hex(payload.getBytes(StandardCharsets.UTF_8)) + "\n";
    }

    @Test
    void oneLineRepliesByteExact() {
        assertThat(encode(new MailReply.SessionStarted("0123456789abcdef0123456789abcdef")))
                .isEqualTo(line("Session Started:0123456789abcdef0123456789abcdef"));
        assertThat(encode(new MailReply.Sent(42))).isEqualTo(line("OK:sent:42"));
        assertThat(encode(new MailReply.Count(7))).isEqualTo(line("OK:7"));
        assertThat(encode(new MailReply.Deleted(3))).isEqualTo(line("OK:deleted:3"));
        assertThat(encode(new MailReply.Bye())).isEqualTo(line("OK:bye"));
        assertThat(encode(new MailReply.Ko())).isEqualTo("KO#" + Checksum.hex("KO".getBytes(StandardCharsets.UTF_8))
                + "\n");
        assertThat(encode(new MailReply.Error(ErrorCode.NO_SUCH_USER, "no user: 'x#y'")))
                .isEqualTo(line("ERR:no-such-user:no user%3A 'x%23y'"));
    }

    @Test
    void listingIsCountThenOneCheckedLinePerMessage() {
        Instant t = Instant.parse("2024-05-01T12:34:56.789Z");
        MailReply r = new MailReply.Listing(List.of(
                new MailMessage(1, "alice", t, "Hi: #1", "body\nwith: 100%"),
                new MailMessage(2, "bob", Instant.parse("2024-05-01T12:00:00Z"), "", "")));
        assertThat(encode(r)).isEqualTo(line("OK:2")
                + line("MSG:1:alice:2024-05-01T12%3A34%3A56.789Z:Hi%3A %231:body%0Awith%3A 100%25")
                + line("MSG:2:bob:2024-05-01T12%3A00%3A00.000Z::"));
        assertThat(encode(new MailReply.Listing(List.of()))).isEqualTo(line("OK:0"));
    }

    @Test
    void errorCodesOnTheWire() {
        assertThat(List.of(ErrorCode.values())).extracting(ErrorCode::wire).containsExactly("auth", "session",
                "no-such-user", "no-such-subject", "bad-request", "limit", "internal");
    }

    @Test
    void clientReadsWhatTheServerWrites() throws Exception {
        Instant t = Instant.parse("2024-05-01T12:34:56.789Z");
        MailMessage m = new MailMessage(9, "alice", t, "S: #", "B\r\n%");
        byte[] l = Wire.line(MailReplyEncoder.messageLine(m));
        List<String> f = ReplyLines.checkedFields(java.util.Arrays.copyOf(l, l.length - 1));
        assertThat(ReplyLines.message(f)).isEqualTo(m);
        l[3] ^= 1;
        assertThat(ReplyLines.checkedFields(java.util.Arrays.copyOf(l, l.length - 1))).isNull();
    }
}
