package dev.courier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.kv.KvServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code courier bench} runs inside the courier command and prints to its streams. */
class BenchCommandTest {
    @RegisterExtension
    final KvServerExtension kv = new KvServerExtension();

    @Test
    void quietRunPrintsOneLinePerTest() {
        CliRun r = CliRun.run("bench", "-n", "200", "-c", "2", "-t", "put,get", "--cacert",
                KvServerExtension.caCert().toString(), "-p", Integer.toString(kv.port()), "-q");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().split("\n")).hasSize(2).satisfiesExactly(
                l -> assertThat(l).startsWith("PUT: ").contains("requests per second"),
                l -> assertThat(l).startsWith("GET: ").contains("requests per second"));
    }

    @Test
    void anUnknownTestIsStatus2() {
        CliRun r = CliRun.run("bench", "-t", "fly", "--cacert", KvServerExtension.caCert().toString(), "-p",
                Integer.toString(kv.port()));
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("unknown test 'fly'");
    }
}
