package dev.courier.cli.release;

import dev.courier.cli.Cli;
import dev.courier.cli.Io;
import dev.courier.cli.serve.SettingsFile;
import java.io.IOException;
import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Writes the files of the release package that come from the code, so they cannot drift from it:
 * {@code conf/courier.properties} (every setting of {@code serve}, its default and what it does), the man pages
 * ({@code man/courier.1}, {@code man/courier-serve.1}, ...) and the bash completion script. Run by the build.
 */
public final class ReleaseFiles {
    private ReleaseFiles() {
    }

    /** Writes the generated files under the directory {@code args[0]}; {@code args[1]} is the version. */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: ReleaseFiles DIR VERSION");
            System.exit(2);
        }
        write(Path.of(args[0]), args[1]);
    }

    /** Writes {@code conf/}, {@code man/} and {@code completion/} under {@code dir}. */
    public static void write(Path dir, String version) throws IOException {
        CommandLine cl = Cli.commandLine(Io.of(System.in, new PrintStream(OutputStream.nullOutputStream()),
                new PrintStream(OutputStream.nullOutputStream())));
        Files.createDirectories(dir.resolve("conf"));
        Files.writeString(dir.resolve("conf/courier.properties"),
                properties(cl.getSubcommands().get("serve").getCommandSpec()), StandardCharsets.UTF_8);
        Path man = dir.resolve("man/man1");
        Files.createDirectories(man);
        ManPages.write(cl, man, version);
        Files.createDirectories(dir.resolve("completion"));
        Files.writeString(dir.resolve("completion/courier.bash"), AutoComplete.bash("courier", cl),
                StandardCharsets.UTF_8);
    }

    /** The settings file: each key commented out at its default, under the first line of its description. */
    static String properties(CommandLine.Model.CommandSpec serve) {
        StringBuilder b = new StringBuilder();
        b.append("# courier serve settings. Every key is a flag of `courier serve` without its dashes; a flag given\n")
                .append("# on the command line wins over this file. Each line below is commented out at its\n")
                .append("# default: uncomment and change what you need. `courier serve --help` says more.\n")
                .append("# Use: courier serve --config /etc/courier/courier.properties\n");
        for (Map.Entry<String, OptionSpec> e : SettingsFile.keys(serve).entrySet()) {
            OptionSpec o = e.getValue();
            b.append('\n');
            for (String line : wrap(firstSentence(o), 110)) {
                b.append("# ").append(line).append('\n');
            }
            String dflt = o.defaultValue();
            if (dflt == null || dflt.isEmpty()) {
                b.append("#").append(e.getKey()).append("=\n");
            } else {
                b.append("#").append(e.getKey()).append('=').append(dflt.replace("\\", "\\\\")).append('\n');
            }
        }
        return b.toString();
    }

    /** The option's description up to its first sentence's end (without the trailing default note). */
    static String firstSentence(OptionSpec o) {
        String d = String.join(" ", o.description()).replaceAll("\\s+", " ").trim();
        int end = d.indexOf(". ");
        String first = end < 0 ? d : d.substring(0, end + 1);
        return first.isEmpty() ? "(no description)" : first;
    }

    private static java.util.List<String> wrap(String text, int width) {
        java.util.List<String> lines = new java.util.ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }
}
