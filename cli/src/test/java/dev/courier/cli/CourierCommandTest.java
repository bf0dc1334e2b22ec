package dev.courier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CourierCommandTest {
    @Test
    void helpListsEveryCommandAndExitStatus() {
        CliRun r = CliRun.run("--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("serve", "kv", "get KEY", "put KEY VALUE", "delete KEY", "disconnect",
                "user add ID", "user del ID", "user list", "kv --rsa", "send HOST:PORT FILE...", "--text TEXT",
                "--json FILE|-", "receive --dir DIR", "bench", "Exit status", "1   refused", "3   connection");
        // Every command the parser knows is in the list, and no line is wider than the help.
        for (String command : Cli.commandLine(Io.of(System.in, System.out, System.err)).getSubcommands().keySet()) {
            assertThat(r.out()).contains("  courier " + command + " ");
        }
        assertThat(r.out().lines()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(80));
    }

    @Test
    void everyCommandHasHelpAndKvKeepsMinusHForTheHost() {
        for (String[] args : new String[][] {{"serve", "--help"}, {"kv", "--help"}, {"kv", "get", "--help"},
            {"kv", "put", "--help"}, {"kv", "delete", "--help"}, {"kv", "disconnect", "--help"},
            {"kv", "user", "--help"}, {"kv", "user", "add", "--help"}, {"kv", "user", "del", "--help"},
            {"kv", "user", "list", "--help"}, {"kv", "check", "--help"}, {"send", "--help"}, {"receive", "--help"},
            {"bench", "--help"}}) {
            CliRun r = CliRun.run(args);
            assertThat(r.code()).as(String.join(" ", args)).isZero();
            assertThat(r.out()).as(String.join(" ", args)).startsWith("Usage: courier " + args[0]);
        }
        assertThat(CliRun.run("kv", "--help").out()).contains("-h, --host=HOST");
    }

    @Test
    void versionNamesTheProject() {
        CliRun r = CliRun.run("--version");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("courier ").doesNotContain("${");
    }

    @Test
    void noCommandIsAUsageError() {
        CliRun r = CliRun.run();
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("Usage: courier");
    }

    @Test
    void unknownFlagIsOneLineAndStatus2() {
        CliRun r = CliRun.run("kv", "--no-such-flag", "get", "a");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).contains("--no-such-flag");
    }

    @Test
    void badLogLevelIsRefused() {
        CliRun r = CliRun.run("--log-level", "loud", "kv", "user", "list");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--log-level");
    }
}
