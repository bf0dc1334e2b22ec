package dev.courier.conformance.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.conformance.Result;
import dev.courier.conformance.Runner;
import dev.courier.conformance.Target;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * A kit that passes everything proves nothing: a receiver written from the protocol page passes every transfer case,
 * and each variant of it that breaks one rule fails exactly the cases of that rule (and the report shows the bytes).
 */
class BrokenReceiversTest {
    private static List<Result> run(FakeTransferReceiver r, StringBuilder printed) {
        return run(r, "*", printed);
    }

    private static List<Result> run(FakeTransferReceiver r, String only, StringBuilder printed) {
        var select = Runner.select(List.of(only), List.of());
        return TransferConformanceTest.run(TransferCases.all().stream().filter(c -> select.test(c.name())).toList(),
                new Target("127.0.0.1", r.port(), Target.Tls.plain(), Duration.ofSeconds(2)), printed);
    }

    @Test
    void aReceiverThatFollowsThePagePassesEveryCase() throws Exception {
        StringBuilder printed = new StringBuilder();
        try (FakeTransferReceiver ok = new FakeTransferReceiver()) {
            List<Result> r = run(ok, printed);
            assertThat(r).as(printed.toString())
                    .allSatisfy(x -> assertThat(x.status()).as(x.kase().name()).isEqualTo(Result.Status.PASS));
            assertThat(ok.delivered.keySet()).contains("TEXT", "JSON")
                    .anySatisfy(n -> assertThat(n).startsWith("conformance-").endsWith(".bin"));
        }
    }

    static Stream<Arguments> variants() {
        return Stream.of(
                Arguments.of(FakeTransferReceiver.Bug.ACCEPTS_ANY_TRAILER, "*", TransferCases.names().stream()
                        .filter(n -> n.startsWith("transfer.trailer.") && n.endsWith("-is-err")).toList(),
                        "received: \"ACK\\r\\n\""),
                Arguments.of(FakeTransferReceiver.Bug.KEEPS_THE_CONNECTION_AFTER_ERR, "transfer.first-frame.*", List.of(
                        "transfer.first-frame.cr-lf-missing-is-err-bad-header",
                        "transfer.first-frame.a-size-with-its-top-bit-set-is-err-bad-header"),
                        "the connection is still open 2000 ms later"),
                Arguments.of(FakeTransferReceiver.Bug.ACCEPTS_A_BAD_CRC, "*", List.of(
                        "transfer.nacks.a-bad-crc-in-the-first-frame-is-nack1-and-the-frame-resent-is-taken",
                        "transfer.nacks.a-bad-crc-in-a-later-frame-is-nack1-and-the-frame-resent-is-taken",
                        "transfer.nacks.past-the-limit-is-err-too-many-nacks",
                        "transfer.nacks.nack1-and-nack2-count-together",
                        "transfer.nacks.the-count-starts-afresh-with-each-message"), "received: \"ACK\\r\\n\""),
                Arguments.of(FakeTransferReceiver.Bug.DELIVERS_WITHOUT_THE_SHA256_CHECK, "*", List.of(
                        "transfer.nacks.a-bad-sha256-is-nack2-and-a-restart-is-taken",
                        "transfer.nacks.nack1-and-nack2-count-together"), "expected: \"NACK2\\r\\n\""),
                Arguments.of(FakeTransferReceiver.Bug.ASKS_PAST_THE_BODY, "*", List.of(
                        "transfer.transport.several-messages-on-one-connection",
                        "transfer.later-frame.cr-lf-missing-is-err-bad-frame",
                        "transfer.replies.a-full-first-frame-is-answered-ack-n",
                        "transfer.replies.ack-n-never-asks-past-the-body",
                        "transfer.chunks.ack-n-asks-at-most-what-is-left",
                        "transfer.nacks.a-bad-crc-in-a-later-frame-is-nack1-and-the-frame-resent-is-taken",
                        "transfer.nacks.a-bad-sha256-is-nack2-and-a-restart-is-taken",
                        "transfer.trailer.a-file-is-delivered"), "received: \"ACK 3996\\r\\n\""),
                Arguments.of(FakeTransferReceiver.Bug.ACCEPTS_DOT_DOT, "*", List.of(
                        "transfer.trailer.a-name-that-is-dot-dot-is-err",
                        "transfer.trailer.a-name-holding-dot-dot-is-err"),
                        "expected: \"ERR bad file name: file name holds '..' or is '.'\\r\\n\""));
    }

    @ParameterizedTest
    @MethodSource("variants")
    void eachBrokenVariantFailsExactlyTheCasesOfItsRule(FakeTransferReceiver.Bug bug, String only,
                                                        List<String> failing, String shown) throws Exception {
        StringBuilder printed = new StringBuilder();
        try (FakeTransferReceiver broken = new FakeTransferReceiver(bug)) {
            List<Result> r = run(broken, only, printed);
            assertThat(r.stream().filter(x -> x.status() == Result.Status.FAIL).map(x -> x.kase().name()))
                    .as(printed.toString()).containsExactlyInAnyOrderElementsOf(failing);
            assertThat(printed.toString()).contains("FAIL  " + failing.get(0), "sent:", shown)
                    .contains((r.size() - failing.size()) + " passed, " + failing.size() + " failed, 0 skipped");
        }
        if (bug == FakeTransferReceiver.Bug.ACCEPTS_DOT_DOT) {
            assertThat(printed.toString()).contains("sent:     \"FILE ..\\r\\n\"");
        }
    }
}
