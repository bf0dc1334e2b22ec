package dev.courier.cli.serve;

import dev.courier.cli.CliFailure;
import dev.courier.core.config.ConfigFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Serve's settings file as picocli defaults: picocli asks for a default only for flags not given, after reading
 * the command line, so {@code --config} is known by then and flags override the file, which overrides the
 * built-in defaults.
 */
public final class SettingsFile implements IDefaultValueProvider {
    /** Read when {@code --config} is not given and it exists in the working directory. */
    public static final Path DEFAULT = Path.of("courier.properties");
    /** Flags that make no sense in the file. */
    private static final Set<String> NOT_SETTINGS = Set.of("config", "help");

    private final Supplier<Path> explicit;
    private Path loadedFrom;
    private boolean loaded;
    private ConfigFile file = ConfigFile.empty();
    private IOException loadError;
    private final Set<String> served = new HashSet<>();

    /** A provider reading the file {@code explicit} names (null: the default file, if any). */
    SettingsFile(Supplier<Path> explicit) {
        this.explicit = explicit;
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec o) || !o.longestName().startsWith("--")) {
            return null;
        }
        String key = o.longestName().substring(2);
        if (NOT_SETTINGS.contains(key)) {
            return null;
        }
        String v = file().get(key).orElse(null);
        if (v != null) {
            served.add(key);
        }
        return v;
    }

    private ConfigFile file() {
        Path want = explicit.get();
        if (want == null && Files.isRegularFile(DEFAULT)) {
            want = DEFAULT;
        }
        if (!loaded || !Objects.equals(want, loadedFrom)) {
            loaded = true;
            loadedFrom = want;
            loadError = null;
            served.clear();
            file = ConfigFile.empty();
            if (want != null) {
                try {
                    file = ConfigFile.load(want);
                } catch (IOException e) {
                    loadError = e;
                }
            }
        }
        return file;
    }

    /** Fails with a usage error if the file could not be read or names a setting serve does not have. */
    void check(CommandSpec spec) {
        ConfigFile f = file();
        if (loadError != null) {
            String why = loadError instanceof NoSuchFileException ? "no such file" : loadError.getMessage();
            throw CliFailure.usage("cannot read settings file " + loadedFrom + ": " + why);
        }
        for (String key : f.entries().keySet()) {
            if (NOT_SETTINGS.contains(key) || spec.findOption("--" + key) == null) {
                throw CliFailure.usage(loadedFrom + ": unknown setting '" + key
                        + "' (settings are serve's long flag names without dashes, e.g. kv-max-message=4096)");
            }
        }
    }

    /** Every setting {@code spec} (serve's) knows, by key (its long flag name without dashes), in flag order. */
    public static java.util.Map<String, OptionSpec> keys(CommandSpec spec) {
        java.util.Map<String, OptionSpec> out = new java.util.LinkedHashMap<>();
        for (OptionSpec o : spec.options()) {
            if (o.longestName().startsWith("--") && !NOT_SETTINGS.contains(o.longestName().substring(2))) {
                out.put(o.longestName().substring(2), o);
            }
        }
        return out;
    }

    /** Whether the value of {@code key} (a long flag name without dashes) came from the file. */
    boolean fromFile(String key) {
        return served.contains(key);
    }

    /** " (set in FILE)" when the option's value came from the file, else "". */
    public String origin(OptionSpec o) {
        String key = o.longestName().replaceFirst("^--", "");
        return served.contains(key) ? " (set in " + loadedFrom + ")" : "";
    }

    /** The file read, or null. */
    Path source() {
        file();
        return loadedFrom;
    }
}
