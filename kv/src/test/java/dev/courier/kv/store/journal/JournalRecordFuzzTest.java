package dev.courier.kv.store.journal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fuzzes record decoding: any bytes read as a journal (newest or older) or a snapshot give a {@link FileScan} and
 * valid changes, never an exception; the scan's offsets are within the file; and whatever decodes as a change
 * encodes back to the same bytes. Regression inputs live under the test resources; {@code -Pfuzz} runs it for long.
 */
class JournalRecordFuzzTest {
    private static final JournalReader.Kind[] KINDS = JournalReader.Kind.values();

    @FuzzTest(maxDuration = "10m")
    void anyFileIsReadOrReportedNeverThrows(byte[] input) throws IOException {
        JournalReader.Kind kind = input.length == 0 ? KINDS[0] : KINDS[(input[0] & 0xFF) % KINDS.length];
        byte[] file = input.length == 0 ? input : Arrays.copyOfRange(input, 1, input.length);
        List<Change> changes = new ArrayList<>();
        FileScan s = JournalReader.read(new BytesChannel(file), "fuzz", kind, 1, changes::add);
        assertThat(s.size()).isEqualTo(file.length);
        assertThat(s.validEnd()).isBetween(0L, (long) file.length);
        assertThat(s.records()).isEqualTo(changes.size());
        if (s.damage() == null && s.torn() == null) {
            assertThat(s.validEnd()).isEqualTo(file.length);
        }
        if (kind != JournalReader.Kind.NEWEST_JOURNAL) {
            assertThat(s.torn()).isNull();
        }
        for (Change c : changes) {
            assertThat(c.id()).isNotNull();
        }
    }

    @FuzzTest(maxDuration = "10m")
    void recordBodiesDecodeOrAreMalformed(byte[] body) throws RecordCodec.MalformedRecordException {
        Object decoded;
        try {
            decoded = RecordCodec.decode(body);
        } catch (RecordCodec.MalformedRecordException expected) {
            return;
        }
        if (decoded instanceof Change c) {
            byte[] again = RecordCodec.encode(c);
            Object back = RecordCodec.decode(Arrays.copyOfRange(again, RecordCodec.FRAME_BYTES, again.length));
            assertThat(RecordCodec.encode((Change) back)).isEqualTo(again);
        } else {
            assertThat(decoded).isInstanceOf(RecordCodec.Trailer.class);
        }
    }
}
