package dev.courier.transfer.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.courier.core.net.Transport;
import dev.courier.transfer.FileNames;
import dev.courier.transfer.TransferException;
import dev.courier.transfer.TransferException.Reason;
import dev.courier.transfer.TransferProgress;
import dev.courier.transfer.TransferToken;
import dev.courier.transfer.protocol.ExtensionLine;
import dev.courier.transfer.protocol.Trailer;
import dev.courier.transfer.protocol.TransferProtocol;
import dev.courier.transfer.protocol.TransferReply;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A blocking sender: each {@code send...} returns once the receiver acknowledged delivery; any number of messages
 * per connection, one at a time (calls are serialized). After a failure the client is closed.
 */
public final class TransferClient implements AutoCloseable {
    private static final class SharedLoops {
        static final EventLoopGroup GROUP = Transport.best().newGroup(1, "transfer-client");
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final Channel channel;
    private final ReplyQueue replies;
    private final Sender sender;
    private volatile boolean closed;

    private TransferClient(Channel channel, ReplyQueue replies, TransferClientConfig config) {
        this.channel = channel;
        this.replies = replies;
        this.sender = new Sender(channel, replies, config);
    }

    /**
     * Connects (and over TLS completes the handshake, checking the certificate, and presenting the client
     * certificate of the credentials if any), then gives the credentials' token with {@code AUTH}, if any.
     */
    public static TransferClient connect(TransferClientConfig config) throws TransferException {
        ReplyQueue replies = new ReplyQueue();
        Channel ch = Connector.open(config, replies, SharedLoops.GROUP);
        TransferClient client = new TransferClient(ch, replies, config);
        TransferToken token = config.credentials().token();
        if (token != null) {
            client.extension(ExtensionLine.of(ExtensionLine.AUTH, token.value()));
        }
        return client;
    }

    /** Sends UTF-8 text. */
    public synchronized SendResult send(String text) throws TransferException {
        return send(BodySource.of(text.getBytes(StandardCharsets.UTF_8)), Trailer.TEXT, TransferProgress.NONE);
    }

    /** Sends {@code value} serialized by Jackson as a JSON document. */
    public synchronized SendResult sendJson(Object value) throws TransferException {
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialize to JSON: " + e.getOriginalMessage(), e);
        }
        return send(BodySource.of(json), Trailer.JSON, TransferProgress.NONE);
    }

    /** Sends JSON text exactly as given, after checking locally that it is one JSON document. */
    public synchronized SendResult sendJson(String json) throws TransferException {
        try {
            var node = JSON.readTree(json);
            if (node == null || node.isMissingNode()) {
                throw new IllegalArgumentException("not a JSON document: empty");
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON document: " + e.getOriginalMessage(), e);
        }
        return send(BodySource.of(json.getBytes(StandardCharsets.UTF_8)), Trailer.JSON, TransferProgress.NONE);
    }

    /** Sends a file under its own name. */
    public SendResult sendFile(Path file) throws TransferException {
        return sendFile(file, TransferProgress.NONE);
    }

    /** Sends a file under its own name, telling {@code progress} how far it is. */
    public SendResult sendFile(Path file, TransferProgress progress) throws TransferException {
        Path name = file.getFileName();
        if (name == null) {
            throw new IllegalArgumentException("not a file: " + file);
        }
        return sendFile(file, name.toString(), progress);
    }

    /** Sends a file under {@code name} (a base name), telling {@code progress} how far it is. */
    public synchronized SendResult sendFile(Path file, String name, TransferProgress progress)
            throws TransferException {
        FileNames.check(name);
        Trailer trailer = new Trailer.File(name);
        if (Trailer.encode(trailer).length > TransferProtocol.MAX_TRAILER_BYTES) {
            throw new IllegalArgumentException("file name too long for the trailer (" + TransferProtocol.MAX_TRAILER_BYTES
                    + " bytes once %XX-encoded)");
        }
        requireOpen();
        if (!Files.isRegularFile(file)) {
            throw new TransferException(Reason.IO, "not a readable regular file: " + file);
        }
        FileChannel fc;
        long size;
        try {
            fc = FileChannel.open(file, StandardOpenOption.READ);
            size = fc.size();
        } catch (IOException e) {
            // Nothing was sent: the connection stays usable.
            throw new TransferException(Reason.IO, "cannot read " + file + ": " + e.getMessage(), e);
        }
        try (fc) {
            return send(BodySource.of(fc, size), trailer, progress);
        } catch (IOException e) {
            throw e instanceof TransferException t ? t : new TransferException(Reason.IO, e.getMessage(), e);
        }
    }

    /**
     * Sends one of Courier's extension lines between messages and returns the receiver's {@code OK}; a refusal
     * ({@link Reason#REFUSED}, or {@link Reason#UNSUPPORTED} from a receiver that speaks only the spec) closes the
     * client, as the receiver closes the connection.
     */
    public synchronized TransferReply.Ok extension(ExtensionLine line) throws TransferException {
        return extension(line, null);
    }

    /** {@link #extension(ExtensionLine)} waiting at most {@code timeout} (null: the reply timeout) for the answer. */
    synchronized TransferReply.Ok extension(ExtensionLine line, java.time.Duration timeout) throws TransferException {
        requireOpen();
        try {
            return timeout == null ? sender.extension(line) : sender.extension(line, timeout);
        } catch (TransferException e) {
            close();
            throw e;
        }
    }

    private SendResult send(BodySource src, Trailer trailer, TransferProgress progress) throws TransferException {
        requireOpen();
        try {
            return sender.send(src, trailer, progress);
        } catch (TransferException e) {
            close();
            throw e;
        } catch (IOException | RuntimeException e) {
            // Mid-message the receiver's state is unknown: the only safe way on is a new connection.
            close();
            throw new TransferException(Reason.IO, "send failed: " + e.getMessage(), e);
        }
    }

    /** The SHA-256 the first frame of {@code src} will carry (after the byte hook, if any). */
    synchronized byte[] hash(BodySource src, TransferProgress progress) throws TransferException {
        requireOpen();
        try {
            return sender.hash(src, progress);
        } catch (IOException e) {
            throw e instanceof TransferException t ? t : new TransferException(Reason.IO, e.getMessage(), e);
        }
    }

    /** Sends a body whose SHA-256 is known, from its first frame or, after a RESUME, from {@code offset}. */
    synchronized SendResult sendFrom(BodySource src, byte[] sha, Trailer trailer, TransferProgress progress,
                                     long offset, int chunk) throws TransferException {
        requireOpen();
        try {
            return sender.send(src, sha, trailer, progress, offset, chunk);
        } catch (TransferException e) {
            close();
            throw e;
        } catch (IOException | RuntimeException e) {
            close();
            throw new TransferException(Reason.IO, "send failed: " + e.getMessage(), e);
        }
    }

    private void requireOpen() throws TransferException {
        if (closed || !channel.isActive()) {
            // A receiver that refuses a connection at once (too many) answers ERR and closes: give its reason.
            String refusal = closed ? null : replies.refusal();
            if (refusal != null) {
                throw new TransferException(Reason.REFUSED, "the receiver refused: " + refusal);
            }
            // A handshake that failed (an untrusted certificate) closes the channel before the first send:
            // its cause, not the closing, is what the caller must hear.
            TransferException failure = closed ? null : replies.failure();
            if (failure != null) {
                throw failure;
            }
            throw new TransferException(Reason.CLOSED, "the connection is closed");
        }
    }

    /** Whether the receiver answered anything on this connection: it is a transfer receiver, alive at least once. */
    boolean answered() {
        return replies.answered();
    }

    /** Whether the connection is open. */
    public boolean isOpen() {
        return !closed && channel.isActive();
    }

    /**
     * Closes the connection (the original's {@code dispose}). Safe from any thread: a send in progress on another
     * thread fails with {@link Reason#CLOSED}.
     */
    @Override
    public void close() {
        closed = true;
        channel.close().awaitUninterruptibly();
        synchronized (this) {
            sender.release();
        }
    }
}
