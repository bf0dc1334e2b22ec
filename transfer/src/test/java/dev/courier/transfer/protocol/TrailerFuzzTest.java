package dev.courier.transfer.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.courier.transfer.FileNames;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Fuzzes the trailer line: parsing never throws; what parses encodes back to the same line's meaning; a file name
 * survives %XX encoding and decoding; the name rules never throw. Regression inputs live under the test resources.
 */
class TrailerFuzzTest {
    @FuzzTest(maxDuration = "10m")
    void trailersRoundTripAndNeverThrow(byte[] line) {
        if (line == null) {
            return;
        }
        TransferFrame t = Trailer.parse(line);
        assertThat(t).isNotNull();
        if (t instanceof TransferFrame.Violation v) {
            assertThat(v.reason()).isNotBlank();
            return;
        }
        Trailer trailer = (Trailer) t;
        byte[] wire = Trailer.encode(trailer);
        assertThat(wire).endsWith((byte) '\r', (byte) '\n');
        TransferFrame again = Trailer.parse(Arrays.copyOf(wire, wire.length - 2));
        assertThat(again).isEqualTo(trailer);
        if (trailer instanceof Trailer.File f) {
            String name = f.name();
            assertThat(Trailer.percentDecode(Trailer.percentEncode(name))).isEqualTo(name);
            // Never throws, whatever the name; a name it accepts has no separator and is not a temporary file.
            if (FileNames.problem(name).isEmpty()) {
                assertThat(name).doesNotContain("/", "\\", "..", "\0").isNotEmpty();
                assertThat(name.startsWith(".courier-") && name.endsWith(".part")).isFalse();
            }
        }
    }

    @FuzzTest(maxDuration = "10m")
    void anyStringSurvivesPercentEncoding(String name) {
        if (name == null) {
            return;
        }
        // Lone surrogates are not encodable UTF-8: Java writes '?' for them, so only well-formed strings round-trip.
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        if (!new String(utf8, StandardCharsets.UTF_8).equals(name)) {
            return;
        }
        String encoded = Trailer.percentEncode(name);
        for (char c : encoded.toCharArray()) {
            assertThat(c).isBetween((char) 0x20, (char) 0x7E);
        }
        assertThat(Trailer.percentDecode(encoded)).isEqualTo(name);
    }
}
