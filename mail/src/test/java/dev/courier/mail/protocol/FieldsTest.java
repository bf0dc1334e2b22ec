package dev.courier.mail.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FieldsTest {
    @Test
    void escapesEachSpecialCharacter() {
        assertThat(Fields.escape("%")).isEqualTo("%25");
        assertThat(Fields.escape(":")).isEqualTo("%3A");
        assertThat(Fields.escape("#")).isEqualTo("%23");
        assertThat(Fields.escape("\r")).isEqualTo("%0D");
        assertThat(Fields.escape("\n")).isEqualTo("%0A");
        assertThat(Fields.escape("a%b:c#d\re\nf")).isEqualTo("a%25b%3Ac%23d%0De%0Af");
    }

    @Test
    void leavesOtherTextAloneIncludingNonAscii() {
        String s = "Grüße, 日本語 and emoji 😀 ; / ? & = + space";
        assertThat(Fields.escape(s)).isSameAs(s);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "plain", "%", "%%", "%25", ":::", "###", "\r\n", "a:b#c%d", "100% sure: #1\r\n",
        "Grüße: 日本語 # 😀", "%3A is not a colon here", "ends with %"})
    void roundTrips(String s) throws Exception {
        assertThat(Fields.unescape(Fields.escape(s).getBytes(StandardCharsets.UTF_8))).isEqualTo(s);
    }

    @Test
    void everyCharacterOfLatin1AndSomeBeyondRoundTrips() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (char c = 1; c < 0x300; c++) {
            sb.append(c);
        }
        sb.append("\u4e16\u754c\ud83d\ude00");
        String s = sb.toString();
        assertThat(Fields.unescape(Fields.escape(s).getBytes(StandardCharsets.UTF_8))).isEqualTo(s);
    }

    @Test
    void readsLowerCaseAndOtherEscapes() throws Exception {
        assertThat(Fields.unescape("a%3ab%23c%41%c3%a9".getBytes(StandardCharsets.US_ASCII))).isEqualTo("a:b#cAé");
    }

    @ParameterizedTest
    @ValueSource(strings = {"%", "abc%", "%2", "%zz", "%g0", "x%0"})
    void refusesBadEscapes(String s) {
        assertThatThrownBy(() -> Fields.unescape(s.getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(Fields.MalformedFieldException.class).hasMessageContaining("escape");
    }

    @Test
    void refusesBytesThatAreNotUtf8() {
        assertThatThrownBy(() -> Fields.unescape(new byte[] {'a', (byte) 0xC3}))
                .isInstanceOf(Fields.MalformedFieldException.class).hasMessage("not UTF-8");
        assertThatThrownBy(() -> Fields.unescape("%ff".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(Fields.MalformedFieldException.class).hasMessage("not UTF-8");
    }

    @Test
    void joinsAndSplitsAtRawColonsOnly() throws Exception {
        String payload = Fields.join("a:b", "", "c#d");
        assertThat(payload).isEqualTo("a%3Ab::c%23d");
        byte[] b = payload.getBytes(StandardCharsets.UTF_8);
        List<byte[]> raw = Fields.splitRaw(b, 0, b.length);
        assertThat(raw).hasSize(3);
        assertThat(Fields.unescape(raw.get(0))).isEqualTo("a:b");
        assertThat(Fields.unescape(raw.get(1))).isEmpty();
        assertThat(Fields.unescape(raw.get(2))).isEqualTo("c#d");
    }

    @Test
    void checksumIsLowercaseSha1Hex() {
        assertThat(Checksum.hex("abc".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("a9993e364706816aba3e25717850c26c9cd0d89d");
        assertThat(Checksum.hex(new byte[0])).isEqualTo("da39a3ee5e6b4b0d3255bfef95601890afd80709");
    }
}
