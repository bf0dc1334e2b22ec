package dev.courier.transfer.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The worked example of {@code docs/transfer-protocol.md} against the code: the hex of the first frame of
 * {@code hi.txt} (holding {@code hello\n}), the replies and the trailer, byte for byte, so the page cannot drift.
 */
class TransferDocExampleTest {
    /** The page, relative to the transfer module (the working directory of its tests). */
    private static final Path PAGE = Path.of("../docs/transfer-protocol.md");
    private static final byte[] BODY = "hello\n".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern HEX_BYTES = Pattern.compile("[0-9a-f]{2}( [0-9a-f]{2})*");

    @Test
    void theFirstFrameOnThePageIsWhatFrameHeadersWrite() throws Exception {
        List<String[]> rows = table("### The first frame, byte by byte");
        ByteArrayOutputStream onPage = new ByteArrayOutputStream();
        for (String[] row : rows) {
            // Each row's offset is where the bytes before it end: no row was left out or doubled.
            assertThat(Integer.parseInt(row[0])).as("offset of the row '%s'", row[2]).isEqualTo(onPage.size());
            assertThat(row[1]).as("hex of the row '%s'", row[2]).matches(HEX_BYTES);
            onPage.writeBytes(hex(row[1]));
        }

        byte[] sha = MessageDigest.getInstance("SHA-256").digest(BODY);
        int crc = FrameHeaders.crc(Unpooled.wrappedBuffer(BODY));
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.writeBytes(FrameHeaders.first(BODY.length, sha, crc));
        frame.writeBytes(BODY);

        // Compared as spaced hex, so a failure shows the page's notation.
        HexFormat spaced = HexFormat.ofDelimiter(" ");
        assertThat(onPage.size()).isEqualTo(56);
        assertThat(spaced.formatHex(onPage.toByteArray())).isEqualTo(spaced.formatHex(frame.toByteArray()));
    }

    @Test
    void theDigestsNamedOnThePageAreThoseOfTheBody() throws Exception {
        String page = Files.readString(PAGE);
        byte[] sha = MessageDigest.getInstance("SHA-256").digest(BODY);
        int crc = FrameHeaders.crc(Unpooled.wrappedBuffer(BODY));
        assertThat(find(page, "- SHA-256 of `hello\\\\n`: `([0-9a-f]{64})`")).isEqualTo(HexFormat.of().formatHex(sha));
        assertThat(find(page, "- CRC-32 of `hello\\\\n`: `0x([0-9a-f]{8})`"))
                .isEqualTo(HexFormat.of().toHexDigits(crc));
    }

    @Test
    void theExchangeOnThePageIsTheRepliesAndTrailerTheCodeWrites() throws Exception {
        List<String[]> rows = table("### The whole exchange");
        List<String> directions = new ArrayList<>();
        List<byte[]> bytes = new ArrayList<>();
        for (String[] row : rows) {
            directions.add(row[0]);
            bytes.add(HEX_BYTES.matcher(row[1]).matches() ? hex(row[1]) : null);
        }
        assertThat(directions).containsExactly("sender → receiver", "receiver → sender", "sender → receiver",
                "receiver → sender");
        assertThat(bytes.get(0)).as("the first frame is the table above").isNull();
        assertThat(bytes.get(1)).isEqualTo(TransferReply.ACK.bytes());
        assertThat(bytes.get(2)).isEqualTo(Trailer.encode(new Trailer.File("hi.txt")));
        assertThat(bytes.get(3)).isEqualTo(TransferReply.ACK.bytes());
    }

    /** The rows of the first table after {@code heading}, header and separator skipped, cells trimmed. */
    private static List<String[]> table(String heading) throws IOException {
        List<String> lines = Files.readAllLines(PAGE, StandardCharsets.UTF_8);
        int at = lines.indexOf(heading);
        assertThat(at).as("heading '%s' on the page", heading).isNotNegative();
        int i = at + 1;
        while (i < lines.size() && !lines.get(i).startsWith("|")) {
            i++;
        }
        List<String[]> rows = new ArrayList<>();
        // The table's header row and its |---| row come first.
        for (i += 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            String line = lines.get(i).trim();
            String[] cells = line.substring(1, line.length() - 1).split("\\|", -1);
            for (int c = 0; c < cells.length; c++) {
                cells[c] = cells[c].trim();
            }
            rows.add(cells);
        }
        assertThat(rows).as("rows of the table under '%s'", heading).isNotEmpty();
        return rows;
    }

    private static byte[] hex(String spaced) {
        return HexFormat.of().parseHex(spaced.replace(" ", ""));
    }

    private static String find(String page, String regex) {
        Matcher m = Pattern.compile(regex).matcher(page);
        assertThat(m.find()).as("the page holds %s", regex).isTrue();
        return m.group(1);
    }
}
