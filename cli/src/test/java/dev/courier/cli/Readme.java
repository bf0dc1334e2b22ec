package dev.courier.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The repository's README as the tests read it: fenced blocks, and shell lines split into words and a comment. */
record Readme(List<Block> blocks) {
    /** A fenced block: its language ({@code sh}, {@code text}) and its lines. */
    record Block(String lang, List<String> lines) {
        /** Whether any line holds {@code text}. */
        boolean has(String text) {
            return lines.stream().anyMatch(l -> l.contains(text));
        }
    }

    /**
     * One command of a {@code sh} block: what is piped into it (the left side of {@code |}, or null), its words, and
     * its comment, which may stand alone on the next line.
     */
    record Command(String pipedFrom, List<String> words, String comment) {
        private static final Pattern PRINTS = Pattern.compile("prints(?: [^:]*)?: (.*)$");
        private static final Pattern STATUS = Pattern.compile("exit status (\\d)");
        private static final Pattern QUOTED = Pattern.compile("\"([^\"]+)\"");

        /** The standard output the comment promises ("prints: X"), or null. */
        String prints() {
            Matcher m = PRINTS.matcher(comment);
            return m.find() ? m.group(1).strip() : null;
        }

        /** The exit status the comment promises ("exit status N"), else 0. */
        int status() {
            Matcher m = STATUS.matcher(comment);
            return m.find() ? Integer.parseInt(m.group(1)) : 0;
        }

        /** A message the comment quotes ("no such key"), or null. */
        String quoted() {
            Matcher m = QUOTED.matcher(comment);
            return m.find() ? m.group(1) : null;
        }
    }

    /** The README at the root of the repository (tests run in the module's directory). */
    static Readme load() throws IOException {
        Path p = Path.of("..", "README.md");
        List<Block> blocks = new ArrayList<>();
        List<String> current = null;
        String lang = null;
        for (String line : Files.readAllLines(Files.exists(p) ? p : Path.of("README.md"))) {
            if (line.startsWith("```")) {
                if (current == null) {
                    current = new ArrayList<>();
                    lang = line.substring(3).strip();
                } else {
                    blocks.add(new Block(lang, List.copyOf(current)));
                    current = null;
                }
            } else if (current != null) {
                current.add(line);
            }
        }
        return new Readme(blocks);
    }

    /** The only block holding {@code text}. */
    Block block(String text) {
        List<Block> found = blocks.stream().filter(b -> b.has(text)).toList();
        if (found.size() != 1) {
            throw new AssertionError(found.size() + " README blocks hold '" + text + "'");
        }
        return found.get(0);
    }

    /** The commands of a shell block, in order. */
    static List<Command> commands(Block b) {
        List<Command> out = new ArrayList<>();
        for (String line : b.lines()) {
            int hash = commentStart(line);
            String code = (hash < 0 ? line : line.substring(0, hash)).strip();
            String comment = hash < 0 ? "" : line.substring(hash + 1).strip();
            if (code.isEmpty()) {
                if (!comment.isEmpty() && !out.isEmpty()) {
                    Command last = out.remove(out.size() - 1);
                    out.add(new Command(last.pipedFrom(), last.words(), (last.comment() + " " + comment).strip()));
                }
                continue;
            }
            int pipe = code.indexOf(" | ");
            String from = pipe < 0 ? null : code.substring(0, pipe).strip();
            out.add(new Command(from, words(pipe < 0 ? code : code.substring(pipe + 3)), comment));
        }
        return out;
    }

    /** Where an unquoted {@code #} after a blank starts a comment, or -1. */
    private static int commentStart(String line) {
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return i;
            }
        }
        return -1;
    }

    /** The words of a shell line: blanks separate, quotes group (no variables, no escapes but in printf). */
    static List<String> words(String code) {
        List<String> out = new ArrayList<>();
        StringBuilder w = null;
        char quote = 0;
        for (char c : code.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    w.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                w = w == null ? new StringBuilder() : w;
            } else if (Character.isWhitespace(c)) {
                if (w != null) {
                    out.add(w.toString());
                    w = null;
                }
            } else {
                w = w == null ? new StringBuilder() : w;
                w.append(c);
            }
        }
        if (w != null) {
            out.add(w.toString());
        }
        return out;
    }
}
