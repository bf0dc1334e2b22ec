package dev.courier.cli.kv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.cli.CliRun;
import dev.courier.cli.ExitCodes;
import dev.courier.kv.KvServerExtension;
import dev.courier.kv.protocol.KvDialect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code courier kv --dialect record} and {@code courier conformance kv --dialect record} against a server started
 * in the record dialect; and what serve and the client refuse about it.
 */
class KvRecordDialectCliTest {
    @RegisterExtension
    final KvServerExtension kv = new KvServerExtension(c -> c.withDialect(KvDialect.RECORD));

    @TempDir
    Path dir;

    private CliRun kv(String... command) throws Exception {
        Path pw = dir.resolve("pw");
        Files.writeString(pw, "pw\n");
        List<String> args = new ArrayList<>(List.of("kv", "--dialect", "record", "-p", Integer.toString(kv.port()),
                "--id", "alice", "--cacert", KvServerExtension.caCert().toString(), "--password-file", pw.toString(),
                "--data-dir", dir.resolve("data").toString()));
        args.addAll(List.of(command));
        return CliRun.run(args.toArray(new String[0]));
    }

    @Test
    void oneShotCommandsSpeakRecords() throws Exception {
        CliRun put = kv("put", "greeting", "hello world");
        assertThat(put.code()).as(put.err()).isZero();
        Awaitility.await().until(() -> kv.server().openConnections() == 0);
        CliRun get = kv("get", "greeting");
        assertThat(get.code()).as(get.err()).isZero();
        assertThat(get.out()).isEqualTo("hello world\n");
        Awaitility.await().until(() -> kv.server().openConnections() == 0);
        CliRun disconnect = kv("disconnect");
        assertThat(disconnect.code()).as(disconnect.err()).isZero();
    }

    @Test
    void theKitPassesInTheRecordDialect() {
        CliRun r = CliRun.run("conformance", "kv", "127.0.0.1:" + kv.port(), "--cacert",
                KvServerExtension.caCert().toString(), "--dialect", "record");
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCodes.OK);
        assertThat(r.out()).contains("PASS  kv.records.a-hash-record-of-the-wrong-length  (The record dialect)")
                .contains("SKIP  kv.messages.bytes-may-arrive-one-by-one").endsWith(" passed, 0 failed, 2 skipped\n");
        assertThat(CliRun.run("conformance", "mail", "127.0.0.1:1", "--dialect", "record").code())
                .isEqualTo(ExitCodes.USAGE);
        assertThat(CliRun.run("conformance", "kv", "127.0.0.1:1", "--dialect", "lines").code())
                .isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void serveRefusesAMessageLimitTooLargeForOneRecord() {
        CliRun r = CliRun.run("serve", "--kv-dialect", "record", "--kv-max-message", "9000", "--kv-port", "0",
                "--mail-port", "off", "--transfer-port", "off", "--data-dir", dir.resolve("data").toString());
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--kv-dialect record allows --kv-max-message up to 8192");
    }
}
