package dev.courier.cli.transfer;

import dev.courier.cli.CliFailure;
import dev.courier.transfer.FileNames;
import dev.courier.transfer.protocol.Trailer;
import dev.courier.transfer.protocol.TransferProtocol;
import dev.courier.transfer.client.TreeWalk;
import dev.courier.transfer.server.JsonCheck;
import dev.courier.transfer.store.StoreRefusal;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One message {@code courier send} will send, read and checked before connecting.
 *
 * @param kind "text", "json", "file" or "tree"
 * @param text the text or JSON document; null for a file or tree
 * @param file the file or folder; null for a text or JSON document
 * @param tree the folder's files, walked; null unless a tree
 */
record Outgoing(String kind, String text, Path file, TreeWalk tree) {
    /**
     * Everything to send, in order: texts, JSON documents, files and folders; a usage error before anything is
     * sent. {@code notes} hears of links and special files skipped in folders.
     */
    static List<Outgoing> collect(List<String> texts, List<String> jsons, List<Path> files, InputStream stdin,
                                  Consumer<String> notes) {
        if (texts.isEmpty() && jsons.isEmpty() && files.isEmpty()) {
            throw CliFailure.usage("nothing to send: give FILEs, --text TEXT or --json FILE|-");
        }
        if (jsons.stream().filter("-"::equals).count() > 1) {
            throw CliFailure.usage("--json - reads standard input: give it once");
        }
        List<Outgoing> all = new ArrayList<>();
        texts.forEach(t -> all.add(new Outgoing("text", t, null, null)));
        for (String j : jsons) {
            all.add(new Outgoing("json", readJson(j, stdin), null, null));
        }
        for (Path f : files) {
            if (Files.isDirectory(f)) {
                all.add(new Outgoing("tree", null, f, walk(f, notes)));
                continue;
            }
            if (!Files.isRegularFile(f) || !Files.isReadable(f)) {
                throw CliFailure.usage("cannot read " + f + ": not a readable regular file");
            }
            // The receiver's rules, checked before anything is sent (the library would throw on them).
            String name = String.valueOf(f.getFileName());
            Optional<String> problem = FileNames.problem(name);
            if (problem.isPresent()) {
                throw CliFailure.usage("cannot send " + f + ": " + problem.get());
            }
            if (Trailer.encode(new Trailer.File(name)).length > TransferProtocol.MAX_TRAILER_BYTES) {
                throw CliFailure.usage("cannot send " + f + ": its name is longer than a trailer allows ("
                        + TransferProtocol.MAX_TRAILER_BYTES + " bytes once %XX-encoded)");
            }
            all.add(new Outgoing("file", null, f, null));
        }
        return all;
    }

    private static TreeWalk walk(Path dir, Consumer<String> notes) {
        try {
            return TreeWalk.walk(dir, notes);
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage(e.getMessage());
        } catch (IOException e) {
            throw CliFailure.usage("cannot read " + dir + ": " + e.getMessage());
        }
    }

    private static String readJson(String source, InputStream stdin) {
        String text;
        try {
            byte[] bytes = source.equals("-") ? stdin.readAllBytes() : Files.readAllBytes(Path.of(source));
            text = new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw CliFailure.usage("cannot read --json " + source + ": " + e.getMessage());
        }
        try {
            // The receiver's own check, with its limits: what passes here is not refused there as JSON.
            JsonCheck.parse(text);
        } catch (StoreRefusal e) {
            throw CliFailure.usage("--json " + source + ": " + e.getMessage());
        }
        return text;
    }
}
