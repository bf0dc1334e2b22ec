package dev.courier.cli.kv;

import dev.courier.cli.CliFailure;
import dev.courier.cli.ExitCodes;
import dev.courier.kv.client.KvClient;
import dev.courier.kv.client.KvException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;

/** {@code courier kv put KEY VALUE}: stores the value; prints nothing on success. */
@Command(name = "put", description = "Store VALUE under KEY, replacing any value (prints nothing on success).")
final class KvPutCommand implements Callable<Integer> {
    @ParentCommand
    KvCommand kv;

    @Parameters(index = "0", paramLabel = "KEY", description = "The key.")
    String key;

    @Parameters(index = "1", paramLabel = "VALUE", description = "The value (may be empty: \"\").")
    String value;

    @Override
    public Integer call() {
        KvRequestCheck.put(key, value);
        try (KvClient c = kv.connect()) {
            c.put(key, value);
            return ExitCodes.OK;
        } catch (KvException e) {
            throw KvFailures.of(e, kv.conn());
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage(e.getMessage());
        }
    }
}
