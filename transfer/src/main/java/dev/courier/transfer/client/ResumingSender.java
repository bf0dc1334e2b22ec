package dev.courier.transfer.client;

import dev.courier.transfer.FileNames;
import dev.courier.transfer.TransferException;
import dev.courier.transfer.TransferException.Reason;
import dev.courier.transfer.TransferProgress;
import dev.courier.transfer.TransferProgress.Stage;
import dev.courier.transfer.protocol.ExtensionLine;
import dev.courier.transfer.protocol.Trailer;
import dev.courier.transfer.protocol.TransferReply;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.Consumer;

/**
 * A sender that survives cut connections: it reconnects (with backoff, at most {@link Retries#max()} times in a
 * row without progress), asks the receiver with {@code RESUME} how much of a file it already holds and goes on
 * from there, and sends whole folders with {@code TREE}. Against a receiver that speaks only the spec (it answers
 * an extension line {@code ERR bad header: ...}) it reconnects once and sends files plainly, saying so once.
 */
public final class ResumingSender implements AutoCloseable {
    /** Files smaller than this are sent plainly: one round trip more would cost more than sending them again. */
    public static final long RESUME_MIN_BYTES = 64 << 10;
    /**
     * The slowest a receiver is assumed to read back and hash a kept prefix before it answers RESUME: the answer
     * is waited for the reply timeout plus the file's size at this rate (a 64 GiB file: 22 minutes more).
     */
    public static final long REHASH_BYTES_PER_SECOND = 50L << 20;

    /**
     * How a cut connection is retried.
     *
     * @param max        reconnects in a row without progress (0: none)
     * @param firstDelay wait before the first reconnect, doubled for each next one
     * @param maxDelay   longest wait between two reconnects
     */
    public record Retries(int max, Duration firstDelay, Duration maxDelay) {
        /** Default: 5 reconnects. */
        public static final int DEFAULT_MAX = 5;
        /** Default: the first reconnect after half a second. */
        public static final Duration DEFAULT_FIRST_DELAY = Duration.ofMillis(500);
        /** Default: never more than 8 s between two reconnects. */
        public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(8);

        /** Checks the values are usable. */
        public Retries {
            if (max < 0 || firstDelay.isNegative() || maxDelay.compareTo(firstDelay) < 0) {
                throw new IllegalArgumentException("retries must not be negative, and the delays ordered");
            }
        }

        /** {@code max} reconnects with the default delays. */
        public static Retries of(int max) {
            return new Retries(max, DEFAULT_FIRST_DELAY, DEFAULT_MAX_DELAY);
        }

        /** The wait before reconnect number {@code attempt} (1, 2, ...). */
        Duration delay(int attempt) {
            long ms = firstDelay.toMillis() << Math.min(20, attempt - 1);
            return Duration.ofMillis(Math.min(ms, maxDelay.toMillis()));
        }
    }

    /** What a folder send achieved: where the receiver placed it, files and bytes sent. */
    public record TreeResult(String placedRoot, int files, long bytes) {
    }

    private final TransferClientConfig config;
    private final Retries retries;
    private final Consumer<String> notes;
    private TransferClient client;
    private boolean specOnly;
    private int failures;
    /** The furthest offset a RESUME of the current file was answered with: a later, further one is progress. */
    private long resumedAt;
    /** The tree file whose SHA-256 {@link #hashed} holds, or -1. */
    private int hashedIndex = -1;
    private byte[] hashed;
    /** The tree announced on the current connection, and the root it was placed at (null: none yet). */
    private TreeWalk treeOnConnection;
    private String placedOnConnection;

    /** A sender to {@code config}'s receiver; {@code notes} hears one line per retry, resume or fallback. */
    public ResumingSender(TransferClientConfig config, Retries retries, Consumer<String> notes) {
        this.config = config;
        this.retries = retries;
        this.notes = notes;
    }

    /** Connects now (or keeps the connection there is), so that a bad address fails before any work. */
    public TransferClient connection() throws TransferException {
        if (client == null || !client.isOpen()) {
            if (client != null) {
                client.close();
            }
            treeOnConnection = null;
            placedOnConnection = null;
            client = TransferClient.connect(config);
        }
        return client;
    }

    /** Sends a text; a cut connection sends it again whole. */
    public SendResult sendText(String text) throws TransferException {
        while (true) {
            try {
                return connection().send(text);
            } catch (TransferException e) {
                retryOrThrow(e);
            }
        }
    }

    /** Sends a JSON document given as text; a cut connection sends it again whole. */
    public SendResult sendJson(String json) throws TransferException {
        while (true) {
            try {
                return connection().sendJson(json);
            } catch (TransferException e) {
                retryOrThrow(e);
            }
        }
    }

    /** Sends a file under {@code name}, resuming it after a cut connection. */
    public SendResult sendFile(Path file, String name, TransferProgress progress) throws TransferException {
        FileNames.check(name);
        resumedAt = 0;
        try (FileChannel fc = open(file)) {
            BodySource src = BodySource.of(fc, fc.size());
            byte[] sha = hash(src, progress);
            while (true) {
                try {
                    SendResult r = sendOnce(src, sha, name, progress);
                    failures = 0;
                    return r;
                } catch (TransferException e) {
                    retryOrThrow(e);
                }
            }
        } catch (IOException e) {
            throw e instanceof TransferException t ? t : new TransferException(Reason.IO, "cannot read " + file
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * Sends every regular file of {@code tree} under one root the receiver places ({@code TREE}), each as a
     * {@code FILE root/path} message; {@code progress} hears bytes of the whole tree while sending. After a cut it
     * announces the tree again: the receiver gives the same root back and the files not yet sent follow (or, if it
     * placed a new root, all of them again).
     */
    public TreeResult sendTree(TreeWalk tree, TransferProgress progress) throws TransferException {
        resumedAt = 0;
        hashedIndex = -1;
        String placed = null;
        int next = 0;
        long done = 0;
        while (true) {
            try {
                String root = announce(tree);
                if (!root.equals(placed)) {
                    if (placed != null) {
                        notes.accept("the receiver placed the folder anew as '" + root + "': sending every file "
                                + "again");
                    }
                    placed = root;
                    next = 0;
                    done = 0;
                }
                for (; next < tree.files().size(); next++) {
                    TreeWalk.Entry e = tree.files().get(next);
                    long before = done;
                    TransferProgress p = (stage, d, total) -> progress.update(stage,
                            stage == Stage.SENDING ? before + d : d, stage == Stage.SENDING ? tree.bytes() : total);
                    sendTreeFile(next, e, placed + "/" + e.path(), p);
                    done += e.size();
                    failures = 0;
                    resumedAt = 0;
                }
                progress.update(Stage.SENDING, tree.bytes(), tree.bytes());
                return new TreeResult(placed, tree.files().size(), tree.bytes());
            } catch (TransferException e) {
                retryOrThrow(e);
            }
        }
    }

    /** One attempt at file {@code index} of a tree; its SHA-256 is computed once, not again after a cut. */
    private void sendTreeFile(int index, TreeWalk.Entry e, String name, TransferProgress progress)
            throws TransferException {
        try (FileChannel fc = open(e.file())) {
            BodySource src = BodySource.of(fc, fc.size());
            if (hashedIndex != index) {
                hashed = hash(src, progress);
                hashedIndex = index;
            }
            sendOnce(src, hashed, name, progress);
        } catch (IOException x) {
            throw x instanceof TransferException t ? t : new TransferException(Reason.IO, "cannot read " + e.file()
                    + ": " + x.getMessage(), x);
        }
    }

    /** {@code TREE files bytes root} for {@code tree} on this connection (once per tree): the placed root. */
    private String announce(TreeWalk tree) throws TransferException {
        TransferClient c = connection();
        if (treeOnConnection == tree) {
            return placedOnConnection;
        }
        TransferReply.Ok ok;
        try {
            ok = c.extension(ExtensionLine.of("TREE", Integer.toString(tree.files().size()),
                    Long.toString(tree.bytes()), Trailer.percentEncodeWord(tree.root())));
        } catch (TransferException e) {
            if (speaksOnlyTheSpec(e)) {
                throw new TransferException(Reason.UNSUPPORTED, e.getMessage() + ": send the files one by one");
            }
            throw e;
        }
        String placed = Trailer.percentDecode(ok.args());
        if (placed == null || FileNames.problem(placed).isPresent()) {
            throw new TransferException(Reason.PROTOCOL, "the receiver placed the folder under a bad name");
        }
        treeOnConnection = tree;
        placedOnConnection = placed;
        return placed;
    }

    /** One attempt at a file on the current connection: RESUME first (unless small or spec-only), then frames. */
    private SendResult sendOnce(BodySource src, byte[] sha, String name, TransferProgress progress)
            throws TransferException {
        TransferClient c = connection();
        long size = src.size();
        Trailer trailer = new Trailer.File(name);
        ExtensionLine line = resumeLine(size, sha, name);
        if (line != null && !specOnly) {
            TransferReply.Ok ok = null;
            try {
                // The receiver reads back and hashes what it kept before it answers: give it time for that.
                ok = c.extension(line, config.replyTimeout().plusMillis(size * 1000 / REHASH_BYTES_PER_SECOND));
            } catch (TransferException e) {
                if (!speaksOnlyTheSpec(e)) {
                    throw e;
                }
                specOnly = true;
                notes.accept(e.getMessage() + ": reconnecting once to send without resume");
                c = connection();
            }
            if (ok != null) {
                long[] offer = offer(ok.args());
                if (offer[0] > resumedAt) {
                    resumedAt = offer[0];
                    failures = 0;
                }
                if (offer[0] > 0) {
                    notes.accept("resumed " + name + " at " + (offer[0] * 100 / size) + "% (offset " + offer[0]
                            + " of " + size + " bytes)");
                }
                return c.sendFrom(src, sha, trailer, progress, offer[0], (int) offer[1]);
            }
        }
        return c.sendFrom(src, sha, trailer, progress, 0, 0);
    }

    /**
     * The {@code RESUME} line for a file, or null when it is sent plainly: smaller than {@link #RESUME_MIN_BYTES},
     * or a name so long that the line would pass its limit (the trailer's, which the name fits).
     */
    private static ExtensionLine resumeLine(long size, byte[] sha, String name) {
        if (size < RESUME_MIN_BYTES) {
            return null;
        }
        try {
            return ExtensionLine.of("RESUME", Long.toString(size), HexFormat.of().formatHex(sha),
                    Trailer.percentEncodeWord(name));
        } catch (IllegalArgumentException tooLong) {
            return null;
        }
    }

    /** {@code offset} or {@code offset n} from an {@code OK}: {offset, n}. */
    private static long[] offer(String args) throws TransferException {
        String[] p = args.split(" ", -1);
        try {
            long offset = Long.parseLong(p[0]);
            if (offset == 0 && p.length == 1) {
                return new long[] {0, 0};
            }
            if (offset > 0 && p.length == 2) {
                long n = Long.parseLong(p[1]);
                if (n >= 1 && n <= Integer.MAX_VALUE) {
                    return new long[] {offset, n};
                }
            }
        } catch (NumberFormatException e) {
            // Falls through.
        }
        throw new TransferException(Reason.PROTOCOL, "unexpected answer to RESUME: OK " + args);
    }

    /**
     * A spec-only receiver reads the {@code 0xFF} as a size beyond 2^63-1 ({@link Reason#UNSUPPORTED}); a Courier
     * one without the verb answers {@code ERR unknown extension: VERB}.
     */
    private static boolean speaksOnlyTheSpec(TransferException e) {
        return e.reason() == Reason.UNSUPPORTED
                || e.reason() == Reason.REFUSED && e.getMessage().contains("unknown extension: ");
    }

    private byte[] hash(BodySource src, TransferProgress progress) throws TransferException {
        while (true) {
            try {
                return connection().hash(src, progress);
            } catch (TransferException e) {
                retryOrThrow(e);
            }
        }
    }

    /**
     * Waits and lets the caller reconnect after a cut; throws {@code e} when it is not a cut (a refusal, a TLS or
     * protocol failure, a peer that never answered), or retries ran out.
     */
    private void retryOrThrow(TransferException e) throws TransferException {
        // A cut is a connection to a receiver that answered on it, or one of the reconnects after such a cut; a
        // peer that never answered (not a transfer receiver, or one that refuses us at once) is not retried.
        boolean answered = client != null && client.answered();
        if (client != null) {
            client.close();
        }
        boolean cut = (e.reason() == Reason.CLOSED || e.reason() == Reason.IO || e.reason() == Reason.TIMEOUT)
                && (answered || failures > 0);
        if (!cut || failures >= retries.max()) {
            throw e;
        }
        failures++;
        Duration wait = retries.delay(failures);
        notes.accept(e.getMessage() + "; retrying in " + wait.toMillis() + " ms (" + failures + " of "
                + retries.max() + ")");
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException x) {
            Thread.currentThread().interrupt();
            throw e;
        }
    }

    private static FileChannel open(Path file) throws TransferException {
        try {
            return FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new TransferException(Reason.IO, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Closes the connection. */
    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
    }
}
