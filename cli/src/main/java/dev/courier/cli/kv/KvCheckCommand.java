package dev.courier.cli.kv;

import dev.courier.cli.CliFailure;
import dev.courier.cli.ExitCodes;
import dev.courier.cli.Io;
import dev.courier.kv.store.journal.JournalCheck;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code courier kv check}: reports on the KV journal under {@code <data-dir>/kv/sessions}; repairs on request. */
@Command(name = "check", sortOptions = false,
        description = {"Check the KV server's journal and snapshots in <data-dir>/kv/sessions without changing "
                + "them: records, sessions, keys and bytes of each file, a torn last record (a start drops it), and "
                + "any damage with its file and offset. Run it while the server is stopped.",
            "--repair keeps every record that can be read (everything before the damage in each file; records of "
                + "sessions whose creation is lost are dropped), writes them as a fresh snapshot and an empty "
                + "journal, and moves the damaged and old files into <data-dir>/kv/sessions/damaged-<UTC time>/: "
                + "nothing is deleted. What was after the damage is lost to the server, not to the disk."},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {"0:healthy, or repaired", "1:damage found (run again with --repair)", ExitCodes.USAGE_HELP,
            "3:cannot read or repair the files, or a server holds them"})
final class KvCheckCommand implements Callable<Integer> {
    private final Io io;

    @ParentCommand
    KvCommand kv;

    @Option(names = "--repair", description = "Repair a damaged journal: keep what can be read, move the damaged "
            + "files aside.")
    boolean repair;

    KvCheckCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        Path dir = dev.courier.kv.server.KvStorage.dirUnder(kv.dataDir());
        JournalCheck.Report r;
        try {
            r = repair ? JournalCheck.repair(dir) : JournalCheck.check(dir);
        } catch (IOException e) {
            throw CliFailure.failure("cannot " + (repair ? "repair " : "check ") + dir + ": " + e.getMessage());
        }
        io.out().print(r.summary());
        return r.healthy() || r.repaired() ? ExitCodes.OK : ExitCodes.REFUSED;
    }
}
