package dev.courier.cli.release;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** Man pages in roff, one per command ({@code courier.1}, {@code courier-kv-user-add.1}, ...), from picocli's model. */
final class ManPages {
    private ManPages() {
    }

    /** Writes a page for {@code cl} and, recursively, each of its subcommands into {@code dir}. */
    static void write(CommandLine cl, Path dir, String version) throws IOException {
        CommandSpec spec = cl.getCommandSpec();
        String name = spec.qualifiedName("-");
        Files.writeString(dir.resolve(name + ".1"), page(spec, version), StandardCharsets.UTF_8);
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (sub.getCommandSpec().parent() == spec && sub.getCommandName().equals(sub.getCommandSpec().name())) {
                write(sub, dir, version);
            }
        }
    }

    static String page(CommandSpec spec, String version) {
        String name = spec.qualifiedName("-");
        StringBuilder b = new StringBuilder();
        b.append(".TH ").append(esc(name.toUpperCase(java.util.Locale.ROOT))).append(" 1 \"\" \"Courier ")
                .append(esc(version)).append("\" \"Courier Manual\"\n");
        b.append(".SH NAME\n").append(esc(name)).append(" \\- ").append(esc(summary(spec))).append('\n');
        b.append(".SH SYNOPSIS\n.B ").append(esc(spec.qualifiedName(" "))).append('\n');
        if (!spec.options().isEmpty()) {
            b.append("[\\fIOPTIONS\\fR]");
        }
        for (PositionalParamSpec p : spec.positionalParameters()) {
            b.append(' ').append(esc(p.paramLabel()));
        }
        if (!spec.subcommands().isEmpty()) {
            b.append(" \\fICOMMAND\\fR");
        }
        b.append('\n');
        String[] description = spec.usageMessage().description();
        if (description.length > 0) {
            b.append(".SH DESCRIPTION\n");
            for (String line : description) {
                b.append(esc(line)).append('\n');
            }
        }
        if (!spec.positionalParameters().isEmpty()) {
            b.append(".SH ARGUMENTS\n");
            for (PositionalParamSpec p : spec.positionalParameters()) {
                b.append(".TP\n.I ").append(esc(p.paramLabel())).append('\n')
                        .append(esc(String.join(" ", p.description()))).append('\n');
            }
        }
        if (!spec.options().isEmpty()) {
            b.append(".SH OPTIONS\n");
            for (OptionSpec o : spec.options()) {
                if (o.hidden()) {
                    continue;
                }
                b.append(".TP\n.B ").append(esc(String.join(", ", o.names())));
                if (o.arity().max() > 0) {
                    b.append(" \\fI").append(esc(o.paramLabel())).append("\\fR");
                }
                b.append('\n').append(esc(String.join(" ", o.description()))).append('\n');
            }
        }
        if (!spec.subcommands().isEmpty()) {
            b.append(".SH COMMANDS\n");
            spec.subcommands().forEach((n, sub) -> {
                if (n.equals(sub.getCommandName())) {
                    b.append(".TP\n.B ").append(esc(n)).append('\n')
                            .append(esc(summary(sub.getCommandSpec()))).append('\n');
                }
            });
        }
        b.append(".SH SEE ALSO\n");
        b.append(spec.parent() == null ? "courier-serve(1)" : esc(spec.parent().qualifiedName("-")) + "(1)")
                .append('\n');
        return b.toString();
    }

    private static String summary(CommandSpec spec) {
        String[] d = spec.usageMessage().description();
        String[] h = spec.usageMessage().header();
        return h.length > 0 ? h[0] : d.length > 0 ? d[0] : spec.name();
    }

    /** Escapes text for roff: backslashes, hyphens, and a leading dot or quote. */
    static String esc(String s) {
        String t = s.replace("\\", "\\e").replace("-", "\\-");
        return t.startsWith(".") || t.startsWith("'") ? "\\&" + t : t;
    }
}
