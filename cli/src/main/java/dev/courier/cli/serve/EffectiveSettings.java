package dev.courier.cli.serve;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/** Logs, at debug, every setting serve runs with and where it came from: flag, settings file or default. */
final class EffectiveSettings {
    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    private EffectiveSettings() {
    }

    /** Logs the settings of a parsed serve command. */
    static void log(CommandSpec spec, SettingsFile file) {
        if (!LOG.isDebugEnabled()) {
            return;
        }
        ParseResult parsed = spec.commandLine().getParseResult();
        LOG.debug("settings file: {}", file.source() == null ? "none" : file.source());
        for (OptionSpec o : spec.options()) {
            String name = o.longestName();
            if (o.usageHelp() || o.versionHelp() || name.equals("--config")) {
                continue;
            }
            String source = parsed.hasMatchedOption(name) ? "flag"
                    : file.fromFile(name.substring(2)) ? "file" : "default";
            LOG.debug("  {} = {} ({})", name, show(o.getValue()), source);
        }
    }

    private static String show(Object v) {
        if (v instanceof Duration d) {
            return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
        }
        // A JDBC URL may carry a password: never log it.
        return String.valueOf(v).replaceAll("(?i)password=[^&;]*", "password=***");
    }
}
