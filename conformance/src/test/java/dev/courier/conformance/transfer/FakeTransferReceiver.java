package dev.courier.conformance.transfer;

import dev.courier.conformance.FakeAccept;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A small transfer receiver over plain TCP, written for the kit's tests from docs/transfer-protocol.md (blocking,
 * a thread per connection), that can be told to break one rule: the kit must tell each broken variant from the
 * correct one. Delivered messages are kept in memory.
 */
final class FakeTransferReceiver implements AutoCloseable {
    /** The rules a variant breaks. */
    enum Bug {
        /** Never checks a chunk's CRC-32: a bad one is taken (and never answered NACK1). */
        ACCEPTS_A_BAD_CRC,
        /** Never checks the body's SHA-256: a wrong body is delivered (and never answered NACK2). */
        DELIVERS_WITHOUT_THE_SHA256_CHECK,
        /** Doubles the chunk size without looking at what is left of the body. */
        ASKS_PAST_THE_BODY,
        /** Has no {@code ..} rule for file names. */
        ACCEPTS_DOT_DOT,
        /** Takes any trailer line (LF-ended), and any body under it: refuses nothing after the body. */
        ACCEPTS_ANY_TRAILER,
        /** Answers {@code ERR} but keeps the connection open until the sender closes it. */
        KEEPS_THE_CONNECTION_AFTER_ERR
    }

    private static final long MAX_SIZE = 64L << 30;
    private static final int MAX_NACKS = 10;
    private static final int MAX_CHUNK = 1 << 20;
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** A refusal: its reason goes out as {@code ERR reason}, then the connection closes. */
    private static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    private final Set<Bug> bugs;
    private final ServerSocket server;
    /** What was delivered: a file's name, or TEXT / JSON, to the body. */
    final Map<String, byte[]> delivered = new ConcurrentHashMap<>();

    FakeTransferReceiver(Bug... bugs) throws IOException {
        this.bugs = bugs.length == 0 ? EnumSet.noneOf(Bug.class) : EnumSet.copyOf(Arrays.asList(bugs));
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        FakeAccept.serve(server, "fake-transfer", this::serve);
    }

    int port() {
        return server.getLocalPort();
    }

    private void serve(Socket s) {
        try (s; DataInputStream in = new DataInputStream(s.getInputStream()); OutputStream out = s.getOutputStream()) {
            try {
                while (true) {
                    byte[] header = new byte[50];
                    if (in.read(header, 0, 1) < 0) {
                        return;
                    }
                    in.readFully(header, 1, 49);
                    byte[] body = receiveBody(in, out, header);
                    reply(out, "ACK");
                    if (bugs.contains(Bug.ACCEPTS_ANY_TRAILER)) {
                        readAnyLine(in);
                    } else {
                        deliver(readTrailer(in), body);
                    }
                    reply(out, "ACK");
                }
            } catch (Refused r) {
                reply(out, "ERR " + r.getMessage());
                if (bugs.contains(Bug.KEEPS_THE_CONNECTION_AFTER_ERR)) {
                    in.transferTo(OutputStream.nullOutputStream());
                }
            }
        } catch (IOException e) {
            // The sender went away: nothing to deliver.
        }
    }

    /** One message's body, its first frame's header already read; NACKs and restarts handled here. */
    private byte[] receiveBody(DataInputStream in, OutputStream out, byte[] header) throws IOException, Refused {
        int nacks = 0;
        while (true) {
            ByteBuffer h = ByteBuffer.wrap(header);
            if (!crlf(header, 8) || !crlf(header, 42) || !crlf(header, 48)) {
                throw new Refused("bad header: CR LF missing after size, SHA-256 or CRC-32");
            }
            long size = h.getLong(0);
            if (size < 0) {
                throw new Refused("bad header: size beyond 2^63-1");
            }
            if (size > MAX_SIZE) {
                throw new Refused("too large: " + size + " bytes, the limit is " + MAX_SIZE);
            }
            byte[] sha = Arrays.copyOfRange(header, 10, 42);
            byte[] chunk = in.readNBytes((int) Math.min(size, 1998));
            if (!crcOk(chunk, h.getInt(44))) {
                nacks = nack(out, "NACK1", nacks);
                in.readFully(header);
                continue;
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.write(chunk);
            int ask = chunk.length;
            while (body.size() < size) {
                long left = size - body.size();
                ask = (int) (bugs.contains(Bug.ASKS_PAST_THE_BODY) ? Math.min(2L * ask, MAX_CHUNK)
                        : Math.min(Math.min(2L * ask, MAX_CHUNK), left));
                reply(out, "ACK " + ask);
                while (true) {
                    byte[] ch = in.readNBytes(6);
                    if (ch.length < 6) {
                        throw new EOFException();
                    }
                    if (!crlf(ch, 4)) {
                        throw new Refused("bad frame: CR LF missing after CRC-32");
                    }
                    chunk = in.readNBytes(ask);
                    if (crcOk(chunk, ByteBuffer.wrap(ch).getInt())) {
                        break;
                    }
                    nacks = nack(out, "NACK1", nacks);
                }
                body.write(chunk);
            }
            if (Arrays.equals(TransferWire.sha256(body.toByteArray()), sha)
                    || bugs.contains(Bug.DELIVERS_WITHOUT_THE_SHA256_CHECK)) {
                return body.toByteArray();
            }
            nacks = nack(out, "NACK2", nacks);
            in.readFully(header);
        }
    }

    private boolean crcOk(byte[] chunk, int crc) {
        return bugs.contains(Bug.ACCEPTS_A_BAD_CRC) || TransferWire.crc(chunk, 0, chunk.length) == crc;
    }

    private static int nack(OutputStream out, String nack, int count) throws IOException, Refused {
        if (count >= MAX_NACKS) {
            throw new Refused("too many NACKs: " + MAX_NACKS + " for one message");
        }
        reply(out, nack);
        return count + 1;
    }

    /** Reads up to an LF, whatever comes before it. */
    private static void readAnyLine(DataInputStream in) throws IOException {
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new EOFException();
            }
        }
    }

    /** The trailer line without its CR LF, checked for what the line itself may hold. */
    private static String readTrailer(DataInputStream in) throws IOException, Refused {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new EOFException();
            }
            if (c == '\n') {
                break;
            }
            line.write(c);
            if (line.size() >= 2038) {
                throw new Refused("trailer longer than 2038 bytes");
            }
        }
        byte[] b = line.toByteArray();
        if (b.length == 0 || b[b.length - 1] != '\r') {
            throw new Refused("bad trailer: not ended by CR LF");
        }
        for (int i = 0; i < b.length - 1; i++) {
            if (b[i] < 0x20 || b[i] > 0x7E) {
                throw new Refused("bad trailer: bytes outside 0x20-0x7E must be %XX");
            }
        }
        return new String(b, 0, b.length - 1, StandardCharsets.US_ASCII);
    }

    private void deliver(String trailer, byte[] body) throws Refused {
        if (trailer.equals("TEXT") || trailer.equals("JSON")) {
            String text;
            try {
                text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(body)).toString();
            } catch (CharacterCodingException e) {
                throw new Refused("not UTF-8 text");
            }
            if (trailer.equals("JSON")) {
                try {
                    JSON.readTree(text);
                } catch (IOException e) {
                    throw new Refused("not a JSON document: " + e.getClass().getSimpleName());
                }
            }
            delivered.put(trailer, body);
            return;
        }
        if (!trailer.startsWith("FILE ")) {
            throw new Refused("bad trailer: not TEXT, JSON or FILE name");
        }
        Optional<String> name = TransferWire.percentDecode(trailer.substring(5));
        if (name.isEmpty()) {
            throw new Refused("bad file name: broken %XX or not UTF-8");
        }
        String problem = problem(name.get());
        if (problem != null) {
            throw new Refused("bad file name: " + problem);
        }
        delivered.put(name.get(), body);
    }

    private String problem(String name) {
        if (name.isEmpty()) {
            return "empty file name";
        }
        if (!bugs.contains(Bug.ACCEPTS_DOT_DOT) && (name.equals(".") || name.contains(".."))) {
            return "file name holds '..' or is '.'";
        }
        for (char c : name.toCharArray()) {
            if (c == '/' || c == '\\') {
                return "file name holds a path separator";
            }
            if (c < 0x20 || c == 0x7F) {
                return "file name holds a control character";
            }
        }
        if (name.startsWith(".courier-") && name.endsWith(".part")) {
            return "file name is in the receiver's temporary-file pattern (.courier-*.part)";
        }
        return null;
    }

    private static boolean crlf(byte[] b, int at) {
        return b[at] == '\r' && b[at + 1] == '\n';
    }

    private static void reply(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
