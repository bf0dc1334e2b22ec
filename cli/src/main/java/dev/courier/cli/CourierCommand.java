package dev.courier.cli;

import dev.courier.cli.conformance.ConformanceCommand;

import dev.courier.bench.BenchCommand;
import dev.courier.bench.MailBench;
import dev.courier.cli.kv.KvCommand;
import dev.courier.cli.mail.MailCommand;
import dev.courier.cli.serve.ServeCommand;
import dev.courier.cli.status.StatusCommand;
import dev.courier.cli.transfer.ReceiveCommand;
import dev.courier.cli.transfer.SendCommand;
import dev.courier.cli.transfer.TransferCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The top command: global flags and the list of every command. */
@Command(name = "courier", versionProvider = VersionProvider.class, sortOptions = false,
        subcommands = {ServeCommand.class, KvCommand.class, MailCommand.class, SendCommand.class, ReceiveCommand.class,
            TransferCommand.class, BenchCommand.class, MailBench.class, ConformanceCommand.class, StatusCommand.class},
        description = "Secure socket services: the KV session store, mail and verified transfer.",
        footerHeading = "%nEvery command:%n",
        footer = {
            "  courier serve [FLAGS]                   start every service (KV, mail, transfer)",
            "  courier kv [CONN FLAGS]                 interactive KV shell",
            "  courier kv [CONN FLAGS] get KEY         print the value of KEY",
            "  courier kv [CONN FLAGS] put KEY VALUE   store VALUE under KEY",
            "  courier kv [CONN FLAGS] delete KEY      remove KEY",
            "  courier kv [CONN FLAGS] disconnect      end the session (erased on the server)",
            "  courier kv user add ID                  add an account (the next serve is in accounts mode)",
            "  courier kv user passwd ID               change an account's password",
            "  courier kv user del ID                  remove an account",
            "  courier kv user list                    list the accounts",
            "  courier kv check [--repair]             check the KV journal; repair moves damage aside",
            "  courier mail [CONN FLAGS]               interactive mail shell (email, count, dump, ...)",
            "  courier mail [CONN FLAGS] send --to U --subject S --body-file F|-   send one message",
            "  courier mail [CONN FLAGS] count|dump    count or print your inbox",
            "  courier mail [CONN FLAGS] getmsg SENDER print your messages from SENDER",
            "  courier mail [CONN FLAGS] delmsg SUBJ   delete your messages with that subject",
            "  courier mail user add|passwd|del|list [NAME]   manage the mail accounts",
            "  courier bench-mail [FLAGS]              load test of a running mail server (durable sends/s)",
            "  courier kv --rsa [-p PORT] [COMMAND]    the same over RSA: NOT secure",
            "  courier send HOST:PORT FILE...          send files over one connection",
            "  courier send HOST:PORT --text TEXT      send a text",
            "  courier send HOST:PORT --json FILE|-    send a JSON document (-: stdin)",
            "  courier receive --dir DIR [--port N]    print what arrives until Ctrl-C",
            "  courier transfer cert issue NAME --ca-dir D   a client certificate for a sender (mutual TLS)",
            "  courier bench [FLAGS]                   load test a KV server (or Redis)",
            "  courier conformance kv HOST:PORT        check any KV server against the protocol, rule by rule",
            "  courier conformance transfer HOST:PORT  check a transfer receiver (--receiver-mode PORT: a sender)",
            "  courier status [--metrics-url URL]      one-screen summary of a running server (serve --metrics-port)",
            "",
            "'courier COMMAND --help' shows a command's flags (-h is kv's --host: help is --help)."},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.OK_HELP, ExitCodes.REFUSED_HELP, ExitCodes.USAGE_HELP, ExitCodes.FAILURE_HELP})
public final class CourierCommand implements Callable<Integer> {
    private final Io io;

    @Spec
    CommandSpec spec;

    @Option(names = "--help", usageHelp = true, scope = ScopeType.INHERIT, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--version", versionHelp = true, description = "Print the version and exit.")
    boolean version;

    CourierCommand(Io io) {
        this.io = io;
    }

    @Option(names = "--log-level", scope = ScopeType.INHERIT, paramLabel = "LEVEL",
            description = "Log level: trace, debug, info (default), warn, error or off. Logs go to standard error.")
    void logLevel(LogLevel level) {
        if (level != null) {
            level.apply();
        }
    }

    @Option(names = "--log-format", scope = ScopeType.INHERIT, paramLabel = "FORMAT",
            description = "Log format: text (default) or json (one JSON object per line: time, level, logger, "
                    + "service, connection, message; for log shippers).")
    void logFormat(LogFormat format) {
        if (format != null) {
            format.apply();
        }
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(io.err());
        return ExitCodes.USAGE;
    }
}
