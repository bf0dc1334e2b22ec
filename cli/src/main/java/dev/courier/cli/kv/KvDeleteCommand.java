package dev.courier.cli.kv;

import dev.courier.cli.CliFailure;
import dev.courier.cli.ExitCodes;
import dev.courier.kv.client.KvClient;
import dev.courier.kv.client.KvException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;

/** {@code courier kv delete KEY}: removes the key (a missing key is not an error, as in the protocol). */
@Command(name = "delete", description = "Remove KEY; a key that is not there is not an error.")
final class KvDeleteCommand implements Callable<Integer> {
    @ParentCommand
    KvCommand kv;

    @Parameters(index = "0", paramLabel = "KEY", description = "The key.")
    String key;

    @Override
    public Integer call() {
        KvRequestCheck.delete(key);
        try (KvClient c = kv.connect()) {
            c.delete(key);
            return ExitCodes.OK;
        } catch (KvException e) {
            throw KvFailures.of(e, kv.conn());
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage(e.getMessage());
        }
    }
}
