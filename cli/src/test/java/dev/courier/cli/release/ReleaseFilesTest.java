package dev.courier.cli.release;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.cli.Cli;
import dev.courier.cli.Io;
import dev.courier.cli.serve.SettingsFile;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** The package's generated files say what the code knows: every setting, every command, every option. */
class ReleaseFilesTest {
    private static final Pattern KEY = Pattern.compile("^#([a-z0-9-]+)=(.*)$", Pattern.MULTILINE);

    @TempDir
    Path dir;

    private static CommandLine courier() {
        PrintStream none = new PrintStream(OutputStream.nullOutputStream());
        return Cli.commandLine(Io.of(System.in, none, none));
    }

    /** Every key of the settings file with its default as written. */
    static java.util.Map<String, String> keys(String properties) {
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        Matcher m = KEY.matcher(properties);
        while (m.find()) {
            out.put(m.group(1), m.group(2));
        }
        return out;
    }

    @Test
    void theSettingsFileListsExactlyServesSettingsWithTheirDefaults() throws Exception {
        ReleaseFiles.write(dir, "9.9.9");
        String text = Files.readString(dir.resolve("conf/courier.properties"));
        var serve = courier().getSubcommands().get("serve").getCommandSpec();
        var written = keys(text);
        assertThat(written.keySet()).containsExactlyElementsOf(SettingsFile.keys(serve).keySet());
        assertThat(written).containsEntry("kv-port", "7401").containsEntry("bind", "127.0.0.1")
                .containsEntry("tls-reload-interval", "10s");
        // Each key comes with a line saying what it does.
        for (String key : written.keySet()) {
            int at = text.indexOf("\n#" + key + "=");
            String before = text.substring(text.lastIndexOf("\n\n", at) + 2, at);
            assertThat(before).as(key).startsWith("# ").hasSizeGreaterThan(10);
        }
    }

    @Test
    void everyCommandHasAManPageNamingEachOfItsOptions() throws Exception {
        ReleaseFiles.write(dir, "9.9.9");
        Path man = dir.resolve("man/man1");
        List<CommandLine> all = new java.util.ArrayList<>();
        collect(courier(), all);
        assertThat(all).hasSizeGreaterThan(10);
        for (CommandLine c : all) {
            Path page = man.resolve(c.getCommandSpec().qualifiedName("-") + ".1");
            assertThat(page).exists();
            String roff = Files.readString(page);
            assertThat(roff).startsWith(".TH ").contains(".SH NAME", ".SH SYNOPSIS", "Courier 9.9.9");
            for (OptionSpec o : c.getCommandSpec().options()) {
                if (!o.hidden()) {
                    assertThat(roff).as(page + " names " + o.longestName())
                            .contains(ManPages.esc(o.longestName()));
                }
            }
        }
        Set<String> pages;
        try (var files = Files.list(man)) {
            pages = files.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
        assertThat(pages).hasSize(all.size());
    }

    private static void collect(CommandLine c, List<CommandLine> out) {
        out.add(c);
        c.getSubcommands().forEach((name, sub) -> {
            if (name.equals(sub.getCommandName())) {
                collect(sub, out);
            }
        });
    }

    @Test
    void theBashCompletionKnowsTheCommands() throws Exception {
        ReleaseFiles.write(dir, "9.9.9");
        String bash = Files.readString(dir.resolve("completion/courier.bash"));
        assertThat(bash).contains("complete -F", "serve", "--kv-port", "--tls-reload-interval");
    }
}
