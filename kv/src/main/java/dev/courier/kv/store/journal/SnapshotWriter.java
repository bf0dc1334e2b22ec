package dev.courier.kv.store.journal;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.zip.CRC32C;

/**
 * Writes {@code snapshot-<gen>.snap} from a {@link SnapshotSource}: header, a CREATED record and PUT records per
 * session, and the trailer. It writes {@code .tmp}, fsyncs it, renames it and fsyncs the directory, so a crash
 * leaves either no snapshot of that generation or a complete one.
 */
final class SnapshotWriter {
    private SnapshotWriter() {
    }

    /** Writes the snapshot of {@code gen} into {@code dir}; returns its size. Stops when {@code cancelled} says so. */
    static long write(Path dir, long gen, SnapshotSource source, BooleanSupplier cancelled) throws IOException {
        Path file = JournalFiles.snapshot(dir, gen);
        Path tmp = JournalFiles.tmp(file);
        boolean done = false;
        try (FileChannel ch = JournalFiles.openForWrite(tmp, StandardOpenOption.TRUNCATE_EXISTING)) {
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
            out.write(FileHeader.of(FileHeader.SNAPSHOT_MAGIC, gen));
            CRC32C body = new CRC32C();
            long[] records = {0};
            try {
                source.forEachSession((id, credential, creator, entries) -> {
                    if (cancelled.getAsBoolean()) {
                        throw new CancellationException("the journal is closing");
                    }
                    try {
                        emit(out, body, new Change.Created(id, credential.salt(), credential.digest(), creator));
                        records[0]++;
                        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                            emit(out, body, new Change.Put(id, e.getKey(), e.getValue()));
                            records[0]++;
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            out.write(RecordCodec.encodeTrailer(records[0], (int) body.getValue()));
            out.flush();
            ch.force(true);
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        JournalFiles.forceDirectory(dir);
        return Files.size(file);
    }

    private static void emit(OutputStream out, CRC32C body, Change c) throws IOException {
        byte[] r = RecordCodec.encode(c);
        body.update(r);
        out.write(r);
    }
}
