package dev.courier.transfer.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.Optional;

/** Turns a verified body and its trailer into a delivered message (runs on the connection's serial executor). */
final class Finisher {
    /** Parses JSON bodies: one document, nothing after it. */
    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final FilePlacer placer;

    Finisher(FilePlacer placer) {
        this.placer = placer;
    }

    TransferMessage finish(Incoming m, Trailer t) throws IOException {
        if (t instanceof Trailer.Text) {
            return new TransferMessage.Text(utf8(m.body.bytes()), m.size, m.sha256);
        }
        if (t instanceof Trailer.Json) {
            String text = utf8(m.body.bytes());
            JsonNode node;
            try {
                node = JSON.readTree(text);
            } catch (JsonProcessingException e) {
                throw new StoreRefusal("not a JSON document (line " + e.getLocation().getLineNr() + ", column "
                        + e.getLocation().getColumnNr() + ")");
            }
            if (node == null || node.isMissingNode()) {
                throw new StoreRefusal("not a JSON document (empty)");
            }
            return new TransferMessage.Json(node, text, m.size, m.sha256);
        }
        String name = ((Trailer.File) t).name();
        Optional<String> problem = FileNames.problem(name);
        if (problem.isPresent()) {
            throw new StoreRefusal("bad file name: " + problem.get());
        }
        Path tmp = m.body.toTempFile();
        try {
            Path placed = placer.place(tmp, name);
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
