package dev.courier.mail.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.courier.core.net.LfFrameDecoder;
import dev.courier.mail.protocol.Fields;
import dev.courier.mail.protocol.ReplyLines;
import dev.courier.mail.protocol.Wire;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Fuzzes the client's side: reply lines are read without any exception but the ones the protocol names, and the
 * client handler, whatever a server sends, answers each waiting request with its result or a {@link MailException}
 * of a protocol reason (never a crash reported as a connection failure), and leaks no buffer.
 */
class MailReplyFuzzTest {
    private static final int MAX = 512;

    @FuzzTest(maxDuration = "10m")
    void replyLinesThrowOnlyWhatTheyDeclare(byte[] line) {
        List<String> f;
        try {
            f = ReplyLines.checkedFields(line);
        } catch (Fields.MalformedFieldException e) {
            return;
        }
        if (f != null && f.size() == 6 && Wire.MSG.equals(f.get(0))) {
            try {
                ReplyLines.message(f);
            } catch (IllegalArgumentException e) {
                // a MSG line whose id or time does not read: the client reports an unexpected reply
            }
        }
    }

    @FuzzTest(maxDuration = "10m")
    void theClientHandlerSurvivesAnyServer(FuzzedDataProvider data) {
        MailClientHandler.Kind kind = data.pickValue(MailClientHandler.Kind.values());
        boolean checksums = data.consumeBoolean();
        EmbeddedChannel ch = new EmbeddedChannel(new LfFrameDecoder(MAX), new MailClientHandler(3));
        CompletableFuture<Object> future = new CompletableFuture<>();
        byte[] request = Wire.line("r");
        ch.runPendingTasks();
        assertThat(handler(ch).expect(new MailClientHandler.Pending(kind, request, future))).isTrue();
        while (data.remainingBytes() > 0 && ch.isOpen()) {
            String payload = data.consumeString(200);
            // Mostly lines with a right checksum, so that the fuzzer gets past it into the replies themselves.
            byte[] line = checksums ? Wire.line(payload) : (payload + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            ch.writeInbound(Unpooled.copiedBuffer(line));
            ch.releaseOutbound();
        }
        ch.finishAndReleaseAll();
        assertThat(future).as("the connection is closed: every request is answered").isDone();
        try {
            future.join();
        } catch (CompletionException e) {
            assertThat(e.getCause()).isInstanceOf(MailException.class);
            MailException m = (MailException) e.getCause();
            assertThat(m.reason()).as(m.getMessage()).isNotEqualTo(MailException.Reason.IO);
        }
    }

    private static MailClientHandler handler(EmbeddedChannel ch) {
        return ch.pipeline().get(MailClientHandler.class);
    }
}
