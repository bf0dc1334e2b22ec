package dev.courier.mail.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Fuzzes the request decoder and the field escaping: any line decodes to a request without throwing; a payload
 * under its right checksum is never a checksum failure; whatever decodes to a request a client may send encodes
 * back to a line that decodes to the same request; any well-formed text survives escape then unescape.
 */
class MailRequestDecoderFuzzTest {
    @FuzzTest(maxDuration = "10m")
    void anyLineDecodesAndWhatDecodesEncodesBack(byte[] line) {
        check(line);
        // The same bytes as a payload under its own checksum: never a checksum failure, whatever they hold.
        byte[] withSum = withChecksum(line);
        assertThat(MailRequestDecoder.parse(withSum)).isNotInstanceOf(MailRequest.ChecksumFailure.class);
        check(withSum);
    }

    @FuzzTest(maxDuration = "10m")
    void escapeThenUnescapeGivesTheTextBack(FuzzedDataProvider data) throws Exception {
        String s = data.consumeRemainingAsString();
        if (!wellFormed(s)) {
            return; // a lone surrogate has no UTF-8 form: nothing to keep
        }
        String escaped = Fields.escape(s);
        assertThat(escaped).doesNotContain(":", "#", "\r", "\n");
        assertThat(Fields.unescape(escaped.getBytes(StandardCharsets.UTF_8))).isEqualTo(s);
    }

    private static void check(byte[] line) {
        MailRequest r = MailRequestDecoder.parse(line);
        assertThat(r).isNotNull();
        if (r instanceof MailRequest.Login || r instanceof MailRequest.SessionRequest) {
            byte[] again = Wire.line(MailRequestEncoder.payload(r));
            assertThat(MailRequestDecoder.parse(Arrays.copyOf(again, again.length - 1))).isEqualTo(r);
        }
    }

    private static byte[] withChecksum(byte[] payload) {
        byte[] out = Arrays.copyOf(payload, payload.length + 1 + Checksum.HEX_LENGTH);
        out[payload.length] = Wire.CHECKSUM_MARK;
        System.arraycopy(Checksum.hex(payload, 0, payload.length), 0, out, payload.length + 1, Checksum.HEX_LENGTH);
        return out;
    }

    private static boolean wellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
