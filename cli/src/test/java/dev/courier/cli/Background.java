package dev.courier.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;

/** Runs a long-lived command (serve, receive) in-process on its own thread, with captured streams. */
public final class Background implements AutoCloseable {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Object command;
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private final Runnable stop;

    private Background(String[] args, java.util.function.Consumer<Object> stopper) {
        Io io = Io.of(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        CommandLine cl = Cli.commandLine(io);
        command = cl.getSubcommands().get(args[0]).getCommand();
        stop = () -> stopper.accept(command);
        Thread t = new Thread(() -> {
            try {
                exit.complete(cl.execute(args));
            } catch (RuntimeException | Error e) {
                exit.completeExceptionally(e);
            }
        }, "background-" + args[0]);
        t.setDaemon(true);
        t.start();
    }

    /** Starts {@code courier ARGS}; {@code stopper} stops the command as a signal would. */
    public static <C> Background start(Class<C> type, java.util.function.Consumer<C> stopper, String... args) {
        return new Background(args, c -> stopper.accept(type.cast(c)));
    }

    /** The command object, to reach its {@code started()} future. */
    public <C> C command(Class<C> type) {
        return type.cast(command);
    }

    /** The exit status, waiting at most 30 s. */
    public int exitCode() throws Exception {
        return exit.get(30, TimeUnit.SECONDS);
    }

    /** Whether the command has ended. */
    public boolean ended() {
        return exit.isDone();
    }

    /** What it wrote to standard output so far. */
    public String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    /** What it wrote to standard error so far. */
    public String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** Stops it (if still running) and waits for its end. */
    @Override
    public void close() throws Exception {
        if (!exit.isDone()) {
            stop.run();
        }
        exit.exceptionally(e -> -1).get(30, TimeUnit.SECONDS);
    }
}
