package dev.courier.conformance.kv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.conformance.Dialect;
import dev.courier.conformance.Result;
import dev.courier.conformance.Runner;
import dev.courier.conformance.Target;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A kit that passes everything proves nothing: a server written from the protocol page passes every case, and each
 * variant of it that breaks one rule fails the case of that rule (and the report shows the bytes).
 */
class BrokenServersTest {
    private static List<Result> run(FakeKvServer server, List<String> only, StringBuilder printed) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Target t = new Target("127.0.0.1", server.port(), Target.Tls.plain(), Duration.ofMillis(700));
        List<Result> r = Runner.run(KvCases.all(KvOptions.defaults()), t, Runner.select(only, List.of()),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        printed.append(out.toString(StandardCharsets.UTF_8));
        return r;
    }

    @Test
    void aServerThatFollowsThePagePassesEveryCase() throws Exception {
        StringBuilder printed = new StringBuilder();
        try (FakeKvServer ok = new FakeKvServer()) {
            List<Result> r = run(ok, List.of(), printed);
            // The record dialect's own rules are skipped against a line server; every other case passes.
            assertThat(r).as(printed.toString()).allSatisfy(x -> assertThat(x.status()).as(x.kase().name())
                    .isEqualTo(x.kase().name().startsWith("kv.records.") ? Result.Status.SKIP : Result.Status.PASS));
        }
    }

    @ParameterizedTest
    @CsvSource({
        "NO_LF, kv.connect.opens-a-session, CONNECT: OK",
        "WRONG_CRC, kv.commands.put-then-get-gives-value-and-crc, 222957958",
        "KEEPS_SESSION_AFTER_VIOLATION, kv.violations.unknown-verb, CONNECT: ERROR",
        "ANSWERS_A_VIOLATION, kv.violations.unknown-verb, ERROR",
        "STORES_TOO_LONG_VALUES, kv.commands.a-value-past-the-limit-is-refused, PUT: OK",
    })
    void eachBrokenVariantFailsTheCaseOfItsRule(FakeKvServer.Bug bug, String kase, String shown) throws Exception {
        StringBuilder printed = new StringBuilder();
        try (FakeKvServer broken = new FakeKvServer(bug)) {
            List<Result> r = run(broken, List.of(kase), printed);
            assertThat(r).hasSize(1);
            assertThat(r.get(0).status()).as(printed.toString()).isEqualTo(Result.Status.FAIL);
            assertThat(printed.toString()).contains("FAIL  " + kase, "sent:", "expected:", "received:", shown)
                    .contains("0 passed, 1 failed, 0 skipped");
        }
    }

    private static List<Result> runRecords(FakeRecordKvServer server, List<String> only, StringBuilder printed) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Target t = new Target("127.0.0.1", server.port(), new Target.Tls(Target.Mode.TLS_CHECKED,
                dev.courier.kv.KvServerExtension.caCert()), Duration.ofMillis(700));
        List<Result> r = Runner.run(KvCases.all(KvOptions.defaults().withDialect(Dialect.RECORD)), t,
                Runner.select(only, List.of()), new PrintStream(out, true, StandardCharsets.UTF_8));
        printed.append(out.toString(StandardCharsets.UTF_8));
        return r;
    }

    @Test
    void aRecordServerThatFollowsItsPagePassesEveryRecordCase() throws Exception {
        StringBuilder printed = new StringBuilder();
        try (FakeRecordKvServer ok = new FakeRecordKvServer(null)) {
            List<Result> r = runRecords(ok, List.of(), printed);
            assertThat(r).as(printed.toString()).allSatisfy(x -> assertThat(x.status()).as(x.kase().name())
                    .isEqualTo(x.kase().name().equals("kv.commands.pipelined-answers-come-in-order")
                            || x.kase().name().equals("kv.messages.bytes-may-arrive-one-by-one")
                            ? Result.Status.SKIP : Result.Status.PASS));
        }
    }

    @ParameterizedTest
    @CsvSource({
        "TRAILING_LF, kv.connect.opens-a-session, CONNECT: OK\\n",
        "VALUE_AND_CRC_APART, kv.commands.put-then-get-gives-value-and-crc, one record \"GET hello world\"",
        "PUT_WITHOUT_VALUE_STORES, kv.records.a-put-record-without-its-value, PUT: OK",
    })
    void eachBrokenRecordVariantFailsTheCaseOfItsRule(FakeRecordKvServer.Bug bug, String kase, String shown)
            throws Exception {
        StringBuilder printed = new StringBuilder();
        try (FakeRecordKvServer broken = new FakeRecordKvServer(bug)) {
            List<Result> r = runRecords(broken, List.of(kase), printed);
            assertThat(r).hasSize(1);
            assertThat(r.get(0).status()).as(printed.toString()).isEqualTo(Result.Status.FAIL);
            assertThat(printed.toString()).contains("FAIL  " + kase, "sent:", "expected:", "received:", shown)
                    .contains("0 passed, 1 failed, 0 skipped");
        }
    }
}
