package dev.courier.cli.kv;

import dev.courier.cli.CliFailure;
import dev.courier.cli.ExitCodes;
import dev.courier.kv.client.KvClient;
import dev.courier.kv.client.KvException;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;

/** {@code courier kv get KEY}: prints the value and a newline; exit status 1 if there is no such key. */
@Command(name = "get", description = "Print the value of KEY and a newline (exit status 1: no such key).")
final class KvGetCommand implements Callable<Integer> {
    @ParentCommand
    KvCommand kv;

    @Parameters(index = "0", paramLabel = "KEY", description = "The key (quote it if it has spaces).")
    String key;

    @Override
    public Integer call() {
        KvRequestCheck.get(key);
        try (KvClient c = kv.connect()) {
            Optional<String> v = c.get(key);
            if (v.isEmpty()) {
                throw new CliFailure(ExitCodes.REFUSED, "GET: ERROR: no such key '" + key + "'");
            }
            kv.io().out().println(v.get());
            return ExitCodes.OK;
        } catch (KvException e) {
            throw KvFailures.of(e, kv.conn());
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage(e.getMessage());
        }
    }
}
