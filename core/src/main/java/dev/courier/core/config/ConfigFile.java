package dev.courier.core.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/** An optional {@code courier.properties} file: keys are the long flag names without dashes ({@code kv-port=7401}). */
public final class ConfigFile {
    private final Map<String, String> values;
    private final Path source;

    private ConfigFile(Map<String, String> values, Path source) {
        this.values = values;
        this.source = source;
    }

    /** A configuration with no entries. */
    public static ConfigFile empty() {
        return new ConfigFile(Map.of(), null);
    }

    /** Reads a properties file. */
    public static ConfigFile load(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        Map<String, String> m = new TreeMap<>();
        for (String k : p.stringPropertyNames()) {
            m.put(k.trim(), p.getProperty(k).trim());
        }
        return new ConfigFile(m, file);
    }

    /** The value of {@code key}, if the file sets it. */
    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** Every entry, sorted by key. */
    public Map<String, String> entries() {
        return values;
    }

    /** Where the entries came from, or null. */
    public Path source() {
        return source;
    }
}
