package dev.courier.transfer.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TrailerTest {
    private static String wire(Trailer t) {
        return new String(Trailer.encode(t), StandardCharsets.ISO_8859_1);
    }

    private static TransferFrame parse(String line) {
        return Trailer.parse(line.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void trailersAreByteExact() {
        assertThat(wire(Trailer.TEXT)).isEqualTo("TEXT\r\n");
        assertThat(wire(Trailer.JSON)).isEqualTo("JSON\r\n");
        assertThat(wire(new Trailer.File("report.pdf"))).isEqualTo("FILE report.pdf\r\n");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "a b.txt|FILE a b.txt",
        "100%.txt|FILE 100%25.txt",
        "café|FILE caf%C3%A9",
        "~tilde|FILE ~tilde",
        "del\u007f|FILE del%7F",
        "tab\there|FILE tab%09here",
        "%2F|FILE %252F"})
    void fileNamesArePercentEncoded(String name, String line) {
        assertThat(wire(new Trailer.File(name))).isEqualTo(line + "\r\n");
        assertThat(parse(line)).isEqualTo(new Trailer.File(name));
    }

    @Test
    void decodingTakesEitherCaseAndEncodesSlashesToo() {
        assertThat(parse("FILE caf%c3%a9")).isEqualTo(new Trailer.File("café"));
        assertThat(parse("FILE %2F")).isEqualTo(new Trailer.File("/"));
        assertThat(parse("FILE ..%2Fx")).isEqualTo(new Trailer.File("../x"));
        assertThat(parse("FILE %00")).isEqualTo(new Trailer.File("\0"));
        assertThat(parse("FILE ")).isEqualTo(new Trailer.File(""));
        assertThat(parse("TEXT")).isEqualTo(Trailer.TEXT);
        assertThat(parse("JSON")).isEqualTo(Trailer.JSON);
    }

    @ParameterizedTest
    @ValueSource(strings = {"FILE %zz", "FILE %4", "FILE a%", "FILE %C3", "FILE %FF", "TEXT ", "text", "FILE",
        "FILEx", "JSON x", "", "FILE caf\u00e9", "FILE a\tb"})
    void brokenTrailersAreViolations(String line) {
        assertThat(parse(line)).isInstanceOf(TransferFrame.Violation.class);
    }
}
