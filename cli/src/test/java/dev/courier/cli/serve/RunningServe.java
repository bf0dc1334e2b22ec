package dev.courier.cli.serve;

import dev.courier.cli.Cli;
import dev.courier.cli.Io;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;

/** {@code courier serve ARGS} run in-process on a thread of its own, as tests of other commands need a server. */
public final class RunningServe implements AutoCloseable {
    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final ServeCommand serve;
    private final Future<Integer> exit;
    private final Services services;

    private RunningServe(String... args) throws Exception {
        Io io = Io.of(new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        CommandLine cl = Cli.commandLine(io);
        serve = (ServeCommand) cl.getSubcommands().get("serve").getCommand();
        // Transfer is on by default on a fixed port: off unless the test asks for it.
        boolean transfer = java.util.Arrays.asList(args).contains("--transfer-port");
        String[] all = new String[args.length + (transfer ? 1 : 3)];
        all[0] = "serve";
        System.arraycopy(args, 0, all, 1, args.length);
        if (!transfer) {
            all[all.length - 2] = "--transfer-port";
            all[all.length - 1] = "off";
        }
        exit = executor.submit(() -> cl.execute(all));
        try {
            services = serve.started().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            executor.shutdownNow();
            throw new IllegalStateException("serve did not start: " + err.toString(StandardCharsets.UTF_8), e);
        }
    }

    /** Starts serve with {@code args} and waits until every listener is bound. */
    public static RunningServe start(String... args) throws Exception {
        return new RunningServe(args);
    }

    /** The command running (its budget and shares). */
    public ServeCommand serve() {
        return serve;
    }

    /** The running services. */
    public Services services() {
        return services;
    }

    /** Stops serve as SIGTERM does and returns its exit status. */
    public int stop() throws Exception {
        serve.stop();
        try {
            return exit.get(60, TimeUnit.SECONDS);
        } finally {
            executor.shutdownNow();
        }
    }

    @Override
    public void close() throws Exception {
        if (!exit.isDone()) {
            stop();
        }
    }
}
