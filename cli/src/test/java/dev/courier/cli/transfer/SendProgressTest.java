package dev.courier.cli.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.transfer.TransferProgress.Stage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SendProgressTest {
    @Test
    void drawsBothPassesAndEndsFull() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (SendProgress p = SendProgress.start("report.pdf", 3 << 20, new PrintStream(out, true,
                StandardCharsets.UTF_8))) {
            p.update(Stage.HASHING, 1 << 20, 3 << 20);
            p.update(Stage.HASHING, 3 << 20, 3 << 20);
            p.update(Stage.SENDING, 0, 3 << 20);
            p.update(Stage.SENDING, 3 << 20, 3 << 20);
        }
        String drawn = out.toString(StandardCharsets.UTF_8);
        String last = drawn.substring(drawn.lastIndexOf('\r') + 1);
        assertThat(last).contains("report.pdf", "100%", "3/3MiB", "sending");
    }

    @Test
    void aTreeHasOneBarOfItsWholeBytesThatHashingDoesNotMove() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (SendProgress p = SendProgress.tree("photos", 4 << 20, new PrintStream(out, true,
                StandardCharsets.UTF_8))) {
            p.update(Stage.HASHING, 1 << 20, 1 << 20);
            p.update(Stage.SENDING, 1 << 20, 4 << 20);
            p.update(Stage.HASHING, 3 << 20, 3 << 20);
            p.update(Stage.SENDING, 4 << 20, 4 << 20);
        }
        String drawn = out.toString(StandardCharsets.UTF_8);
        String last = drawn.substring(drawn.lastIndexOf('\r') + 1);
        assertThat(last).contains("photos", "100%", "4/4MiB", "sending");
    }
}
