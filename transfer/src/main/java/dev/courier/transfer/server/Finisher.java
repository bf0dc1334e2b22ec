package dev.courier.transfer.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.courier.core.budget.MemoryBudget;
import dev.courier.transfer.FileNames;
import dev.courier.transfer.TransferMessage;
import dev.courier.transfer.protocol.Trailer;
import dev.courier.transfer.store.FilePlacer;
import dev.courier.transfer.store.StoreRefusal;
import dev.courier.transfer.store.TempFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Turns a verified body and its trailer into a delivered message (runs on the connection's serial executor). A
 * text or JSON message is charged to the memory budget before it is built, and stays charged until the receiver's
 * application takes it (see {@link Deliveries}); the budget refusing is answered "receiver busy".
 */
final class Finisher {
    /** What building a text costs besides the body: the body read into an array, and a String of it (UTF-16 at
     * worst, two bytes per body byte). */
    static final long TEXT_BYTES_PER_BODY_BYTE = 3;
    /** What a delivered text holds until taken: its String. */
    static final long KEPT_BYTES_PER_BODY_BYTE = 2;
    /** Fixed heap of one delivered message (objects, the queue entry). */
    static final long MESSAGE_OVERHEAD = 256;
    /** The refusal when the memory budget is reached. */
    static final String BUSY = "receiver busy: memory budget reached, try again later";

    /** A delivered message and the memory charged for it until it is taken. */
    record Delivered(TransferMessage message, long charge) {
    }

    private final FilePlacer placer;
    private final int maxTextBytes;
    private final MemoryBudget budget;

    Finisher(FilePlacer placer, int maxTextBytes, MemoryBudget budget) {
        this.placer = placer;
        this.maxTextBytes = maxTextBytes;
        this.budget = budget;
    }

    /** Delivers {@code m}; a file whose trailer named a path in a tree goes to {@code path} (null: a base name). */
    Delivered finish(Incoming m, Trailer t, List<String> path) throws IOException {
        try {
            if (t instanceof Trailer.File f) {
                return new Delivered(path != null ? fileInTree(m, f.name(), path) : file(m, f.name()), 0);
            }
            return inMemory(m, t instanceof Trailer.Json);
        } finally {
            // The body's memory or temporary file is not needed once the message is built.
            m.discard();
        }
    }

    private Delivered inMemory(Incoming m, boolean json) throws IOException {
        if (m.size > maxTextBytes) {
            throw new StoreRefusal("body of " + m.size + " bytes is too large for a text or JSON message");
        }
        long charged = TEXT_BYTES_PER_BODY_BYTE * m.size + MESSAGE_OVERHEAD;
        if (!budget.tryCharge(charged)) {
            throw new StoreRefusal(BUSY);
        }
        try {
            String text = utf8(m.body().bytes());
            long keep = KEPT_BYTES_PER_BODY_BYTE * m.size + MESSAGE_OVERHEAD;
            TransferMessage message;
            if (json) {
                long tree = JsonCheck.tokens(text) * JsonCheck.NODE_BYTES;
                if (!budget.tryCharge(tree)) {
                    throw new StoreRefusal(BUSY);
                }
                charged += tree;
                keep += tree;
                JsonNode node = JsonCheck.parse(text);
                message = new TransferMessage.Json(node, text, m.size, m.sha256);
            } else {
                message = new TransferMessage.Text(text, m.size, m.sha256);
            }
            budget.release(charged - keep);
            charged = keep;
            Delivered d = new Delivered(message, keep);
            charged = 0;
            return d;
        } finally {
            if (charged > 0) {
                budget.release(charged);
            }
        }
    }

    private TransferMessage file(Incoming m, String name) throws IOException {
        Optional<String> problem = FileNames.problem(name);
        if (problem.isPresent()) {
            throw new StoreRefusal("bad file name: " + problem.get());
        }
        Path tmp = m.body().toTempFile();
        try {
            Path placed = placer.place(tmp, name);
            return new TransferMessage.File(placed, name, m.size, m.sha256);
        } finally {
            TempFiles.deleteQuietly(tmp);
        }
    }

    private TransferMessage fileInTree(Incoming m, String name, List<String> path) throws IOException {
        Path tmp = m.body().toTempFile();
        try {
            Path placed = placer.placeInTree(tmp, path);
            return new TransferMessage.File(placed, name, m.size, m.sha256);
        } finally {
            TempFiles.deleteQuietly(tmp);
        }
    }

    private static String utf8(byte[] b) throws StoreRefusal {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw new StoreRefusal("not UTF-8 text");
        }
    }
}
