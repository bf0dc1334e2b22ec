package dev.courier.mail.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.core.net.LfFrameDecoder;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MailRequestDecoderTest {
    private static final String SID = "0123456789abcdef0123456789abcdef";
    private static final int MAX = 256;

    private static byte[] line(String payload) {
        return Wire.line(payload);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** Feeds {@code input} cut at every position (and whole) and checks each run gives the same requests. */
    private static List<MailRequest> decodeAtEverySplit(byte[] input) {
        List<MailRequest> whole = decode(input, input.length);
        for (int cut = 0; cut <= input.length; cut++) {
            assertThat(decode(input, cut)).as("split at %d", cut).isEqualTo(whole);
        }
        return whole;
    }

    private static List<MailRequest> decode(byte[] input, int cut) {
        EmbeddedChannel ch = new EmbeddedChannel(new LfFrameDecoder(MAX, MailRequest.TooLong::new), MailRequestDecoder.INSTANCE);
        ch.writeInbound(Unpooled.wrappedBuffer(input, 0, cut));
        ch.writeInbound(Unpooled.wrappedBuffer(input, cut, input.length - cut));
        List<MailRequest> out = new ArrayList<>();
        Object o;
        while ((o = ch.readInbound()) != null) {
            out.add((MailRequest) o);
        }
        ch.finishAndReleaseAll();
        return out;
    }

    @Test
    void decodesEveryCommandAtEverySplit() {
        byte[] input = concat(
                line("alice:s3cret"),
                line(SID + ":email:bob:Hi:Hello"),
                line(SID + ":count"),
                line(SID + ":dump"),
                line(SID + ":getmsg:carol"),
                line(SID + ":delmsg:Hi"),
                line(SID + ":logoff"));
        assertThat(decodeAtEverySplit(input)).containsExactly(
                new MailRequest.Login("alice", "s3cret"),
                new MailRequest.Email(SID, "bob", "Hi", "Hello"),
                new MailRequest.Count(SID),
                new MailRequest.Dump(SID),
                new MailRequest.GetMsg(SID, "carol"),
                new MailRequest.DelMsg(SID, "Hi"),
                new MailRequest.Logoff(SID));
    }

    @Test
    void hashesAndColonsInSubjectAndBodyAtEverySplit() {
        String subject = "Re: #42: 100% done";
        String body = "line one\r\nline #2: a:b:c\n# not a checksum";
        byte[] input = line(SID + ":email:" + Fields.join("bob", subject, body));
        assertThat(decodeAtEverySplit(input)).containsExactly(new MailRequest.Email(SID, "bob", subject, body));
    }

    @Test
    void anEscapedSessionIdIsStillASessionIdNotAUserName() {
        // Found by fuzzing: the first field's value decides, so no login can name a 32-hex-digit user.
        String escaped = "%3" + SID.substring(0, 1).charAt(0) + SID.substring(1);
        assertThat(escaped).isNotEqualTo(SID);
        assertThat(decodeAtEverySplit(line(escaped + ":count"))).containsExactly(new MailRequest.Count(SID));
    }

    @Test
    void unescapedHashInPayloadIsFineBecauseTheSplitIsAtTheLastHash() {
        // A '#' written raw (not %23) still leaves the checksum after the last '#'.
        byte[] input = line(SID + ":email:bob:issue #7:see #8");
        assertThat(decodeAtEverySplit(input)).containsExactly(new MailRequest.Email(SID, "bob", "issue #7", "see #8"));
    }

    @Test
    void nonAsciiUtf8AtEverySplit() {
        String subject = "Grüße aus Köln";
        String body = "日本語のテキスト 😀 and ümlauts";
        byte[] input = concat(line(Fields.join("jörg", "pässwörd")),
                line(SID + ":email:" + Fields.join("bob", subject, body)));
        assertThat(decodeAtEverySplit(input)).containsExactly(new MailRequest.Login("jörg", "pässwörd"),
                new MailRequest.Email(SID, "bob", subject, body));
    }

    @Test
    void everyEscapedCharacterAtEverySplit() {
        String text = "%:#\r\n%25%3A";
        byte[] input = concat(line(Fields.join("u", text)), line(SID + ":delmsg:" + Fields.escape(text)));
        assertThat(decodeAtEverySplit(input)).containsExactly(new MailRequest.Login("u", text),
                new MailRequest.DelMsg(SID, text));
    }

    @Test
    void commandNamesIgnoreCaseAndPasswordsMayHoldColons() {
        assertThat(decodeAtEverySplit(concat(line(SID + ":COUNT"), line("bob:" + Fields.escape("a:b#c")))))
                .containsExactly(new MailRequest.Count(SID), new MailRequest.Login("bob", "a:b#c"));
    }

    @Test
    void badChecksumsAreChecksumFailures() {
        byte[] good = line("alice:pw");
        byte[] flipped = good.clone();
        flipped[2] ^= 0x01;
        byte[] badHex = good.clone();
        badHex[good.length - 2] = 'g';
        assertThat(decodeAtEverySplit(concat(
                flipped,
                badHex,
                "alice:pw\n".getBytes(StandardCharsets.US_ASCII),
                "alice:pw#\n".getBytes(StandardCharsets.US_ASCII),
                ("alice:pw#" + Checksum.hex("alice:pw".getBytes(StandardCharsets.UTF_8)).substring(1) + "\n")
                        .getBytes(StandardCharsets.US_ASCII),
                "\n".getBytes(StandardCharsets.US_ASCII))))
                .containsExactly(new MailRequest.ChecksumFailure(), new MailRequest.ChecksumFailure(),
                        new MailRequest.ChecksumFailure(), new MailRequest.ChecksumFailure(),
                        new MailRequest.ChecksumFailure(), new MailRequest.ChecksumFailure());
    }

    @Test
    void upperCaseChecksumAndTrailingCrAreAccepted() {
        String sum = Checksum.hex("alice:pw".getBytes(StandardCharsets.UTF_8));
        byte[] input = concat(("alice:pw#" + sum.toUpperCase() + "\n").getBytes(StandardCharsets.US_ASCII),
                ("alice:pw#" + sum + "\r\n").getBytes(StandardCharsets.US_ASCII));
        assertThat(decodeAtEverySplit(input)).containsExactly(new MailRequest.Login("alice", "pw"),
                new MailRequest.Login("alice", "pw"));
    }

    @Test
    void malformedRequestsKeepTheirSessionId() {
        assertThat(decodeAtEverySplit(concat(
                line(SID),
                line(SID + ":help"),
                line(SID + ":count:extra"),
                line(SID + ":email:bob:only-subject"),
                line(SID + ":getmsg:bad%zz"),
                line("justonefield"),
                line("a:b:c"))))
                .extracting(r -> r instanceof MailRequest.Malformed m ? m.sessionId() : "not malformed")
                .containsExactly(SID, SID, SID, SID, SID, null, null);
    }

    @Test
    void notUtf8IsMalformedNotAChecksumFailure() {
        byte[] payload = {'a', ':', (byte) 0xFF};
        byte[] input = concat(payload, new byte[] {'#'}, Checksum.hex(payload, 0, payload.length), new byte[] {'\n'});
        assertThat(decodeAtEverySplit(input)).singleElement().isInstanceOf(MailRequest.Malformed.class)
                .extracting(r -> ((MailRequest.Malformed) r).reason()).isEqualTo("not UTF-8");
    }

    @Test
    void aSessionIdMustBeLowerCaseHexOfExactly32() {
        String upper = SID.toUpperCase();
        assertThat(decodeAtEverySplit(line(upper + ":count"))).singleElement()
                .isEqualTo(new MailRequest.Login(upper, "count"));
    }

    @Test
    void lineOverTheLimitBecomesTooLongAndEverythingAfterIsDropped() {
        byte[] longLine = new byte[MAX];
        java.util.Arrays.fill(longLine, (byte) 'x');
        byte[] input = concat(line("alice:pw"), longLine, "\n".getBytes(StandardCharsets.US_ASCII),
                line(SID + ":count"));
        assertThat(decodeAtEverySplit(input)).containsExactly(new MailRequest.Login("alice", "pw"),
                new MailRequest.TooLong(MAX));
    }

    @Test
    void lineOfExactlyTheLimitPasses() {
        // MAX bytes with the LF: a payload of MAX - 42 bytes.
        String payload = "u:" + "p".repeat(MAX - 42 - 2);
        byte[] l = line(payload);
        assertThat(l).hasSize(MAX);
        assertThat(decodeAtEverySplit(l)).singleElement().isInstanceOf(MailRequest.Login.class);
    }
}
