package dev.courier.cli.kv;

import dev.courier.cli.ExitCodes;
import dev.courier.kv.client.KvClient;
import dev.courier.kv.client.KvException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code courier kv disconnect}: ends the session; the server erases it and all its keys. */
@Command(name = "disconnect", description = "End the session: the server erases it with all its keys.")
final class KvDisconnectCommand implements Callable<Integer> {
    @ParentCommand
    KvCommand kv;

    @Override
    public Integer call() {
        KvClient c = kv.connect();
        try {
            c.disconnect();
            return ExitCodes.OK;
        } catch (KvException e) {
            throw KvFailures.of(e, kv.conn());
        } finally {
            c.close();
        }
    }
}
