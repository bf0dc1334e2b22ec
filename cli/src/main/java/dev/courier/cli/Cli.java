package dev.courier.cli;

import dev.courier.cli.serve.ServeCommand;
import dev.courier.core.config.Port;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.time.Duration;
import picocli.CommandLine;

/** Builds the {@code courier} command line over given streams, so tests run it exactly as {@code main} does. */
public final class Cli {
    private Cli() {
    }

    /** The command line, its commands writing to {@code io}. */
    public static CommandLine commandLine(Io io) {
        CommandLine cl = new CommandLine(new CourierCommand(io), new Factory(io));
        cl.setOut(new PrintWriter(io.out(), true));
        cl.setErr(new PrintWriter(io.err(), true));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.registerConverter(Port.class, new Converters.PortConverter());
        cl.registerConverter(Duration.class, new Converters.DurationConverter());
        cl.setParameterExceptionHandler(ErrorHandlers::usage);
        cl.setExecutionExceptionHandler(ErrorHandlers::execution);
        CommandLine serve = cl.getSubcommands().get("serve");
        serve.setDefaultValueProvider(((ServeCommand) serve.getCommand()).settingsFile());
        return cl;
    }

    /** Runs {@code args} and returns the exit status. */
    public static int run(Io io, String... args) {
        int code = commandLine(io).execute(args);
        io.out().flush();
        io.err().flush();
        return code;
    }

    /** Makes commands, giving those that take one the {@link Io}. */
    private static final class Factory implements CommandLine.IFactory {
        private final Io io;

        Factory(Io io) {
            this.io = io;
        }

        @Override
        public <K> K create(Class<K> cls) throws Exception {
            try {
                Constructor<K> c = cls.getDeclaredConstructor(Io.class);
                c.setAccessible(true);
                return c.newInstance(io);
            } catch (NoSuchMethodException e) {
                // Commands from other modules (bench) know nothing of Io: they take the two print streams.
                try {
                    Constructor<K> c = cls.getDeclaredConstructor(PrintStream.class, PrintStream.class);
                    c.setAccessible(true);
                    return c.newInstance(io.out(), io.err());
                } catch (NoSuchMethodException e2) {
                    return CommandLine.defaultFactory().create(cls);
                }
            }
        }
    }
}
