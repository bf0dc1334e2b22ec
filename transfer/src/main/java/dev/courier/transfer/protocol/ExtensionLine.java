package dev.courier.transfer.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * One of Courier's extension lines (docs/transfer-protocol.md, "Courier's extensions"): {@code 0xFF}, then
 * {@code VERB} or {@code VERB args} in bytes 0x20-0x7E, arguments separated by single spaces, then CR LF; at most
 * {@link TransferProtocol#MAX_EXTENSION_BYTES} bytes in all. It may stand where a first frame may begin. The
 * receiver answers {@code OK [args]} or {@code ERR reason}.
 *
 * @param verb the verb, never empty and without spaces
 * @param args the arguments, each non-empty and without spaces (a file name is %XX-encoded like a trailer's)
 */
public record ExtensionLine(String verb, List<String> args) implements TransferFrame {
    /** The shared token: {@code AUTH token}. */
    public static final String AUTH = "AUTH";

    /** Checks the verb and arguments can travel, and keeps its own copy of the arguments. */
    public ExtensionLine {
        args = List.copyOf(args);
        String bad = check(verb, args);
        if (bad != null) {
            throw new IllegalArgumentException(bad);
        }
    }

    /** A line of {@code verb} and {@code args}. */
    public static ExtensionLine of(String verb, String... args) {
        return new ExtensionLine(verb, Arrays.asList(args));
    }

    /** The line on the wire: 0xFF, the words, CR LF. */
    public byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(TransferProtocol.EXTENSION_MARK);
        out.writeBytes(verb.getBytes(StandardCharsets.US_ASCII));
        for (String a : args) {
            out.write(' ');
            out.writeBytes(a.getBytes(StandardCharsets.US_ASCII));
        }
        out.write('\r');
        out.write('\n');
        return out.toByteArray();
    }

    /**
     * Parses the words of a line, without its 0xFF and CR LF: an {@link ExtensionLine}, or a
     * {@link TransferFrame.Violation} ({@code bad extension: ...}) saying why the line is none.
     */
    static TransferFrame parse(byte[] words) {
        for (byte x : words) {
            if (x < 0x20 || x > 0x7E) {
                return new TransferFrame.Violation("bad extension: bytes outside 0x20-0x7E");
            }
        }
        String s = new String(words, StandardCharsets.US_ASCII);
        // -1 keeps trailing empty words, so "VERB " and "VERB  x" show up as the empty words they hold.
        String[] w = s.split(" ", -1);
        List<String> args = Arrays.asList(w).subList(1, w.length);
        String bad = check(w[0], args);
        return bad != null ? new TransferFrame.Violation(bad) : new ExtensionLine(w[0], args);
    }

    /** Why the words cannot make a line, or null when they can. */
    private static String check(String verb, List<String> args) {
        if (verb == null || verb.isEmpty()) {
            return "bad extension: no verb";
        }
        int bytes = 3 + verb.length();
        for (String a : args) {
            if (a == null || a.isEmpty()) {
                return "bad extension: words must be separated by single spaces";
            }
            bytes += 1 + a.length();
        }
        for (String word : concat(verb, args)) {
            for (int i = 0; i < word.length(); i++) {
                char c = word.charAt(i);
                if (c == ' ') {
                    return "bad extension: words must be separated by single spaces";
                }
                if (c < 0x20 || c > 0x7E) {
                    return "bad extension: bytes outside 0x20-0x7E";
                }
            }
        }
        if (bytes > TransferProtocol.MAX_EXTENSION_BYTES) {
            return "bad extension: longer than " + TransferProtocol.MAX_EXTENSION_BYTES + " bytes";
        }
        return null;
    }

    private static List<String> concat(String verb, List<String> args) {
        String[] all = new String[args.size() + 1];
        all[0] = verb;
        for (int i = 0; i < args.size(); i++) {
            all[i + 1] = args.get(i);
        }
        return Arrays.asList(all);
    }

    /** The argument at {@code i}, or null when there are fewer. */
    public String arg(int i) {
        return i < args.size() ? args.get(i) : null;
    }
}
