package dev.courier.transfer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;

/**
 * A plain TCP proxy in front of a receiver that understands the transfer frames (it follows the receiver's
 * replies to know where each chunk lies) and damages them as its plan says: flips a chunk bit (CRC-32 fails),
 * flips a bit and fixes the CRC-32 (only the SHA-256 can tell), or cuts both connections.
 */
public final class FaultProxy implements AutoCloseable {
    /** What to do with one frame. */
    public enum Action { PASS, FLIP_CHUNK, FLIP_CONSISTENT, CUT }

    /** A frame about to be forwarded: its body offset, chunk length, and whether it is a message's first. */
    public record Frame(int connection, int message, long offset, int length, boolean first) {
    }

    /** Decides each frame's fate. */
    @FunctionalInterface
    public interface Plan {
        /** The action for {@code f}. */
        Action on(Frame f);
    }

    private final ServerSocket server;
    private final int target;
    private final Plan plan;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger faults = new AtomicInteger();

    /** A proxy to {@code localhost:target} following {@code plan}. */
    public FaultProxy(int target, Plan plan) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.target = target;
        this.plan = plan;
        Thread t = new Thread(this::accept, "fault-proxy");
        t.setDaemon(true);
        t.start();
    }

    /** A plan that applies {@code action} to the first frame {@code when} accepts, and passes all others. */
    public static Plan once(java.util.function.Predicate<Frame> when, Action action) {
        AtomicInteger done = new AtomicInteger();
        return f -> when.test(f) && done.compareAndSet(0, 1) ? action : Action.PASS;
    }

    /** The proxy's port. */
    public int port() {
        return server.getLocalPort();
    }

    /** Frames damaged or cut so far. */
    public int faults() {
        return faults.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                int id = connections.getAndIncrement();
                Thread t = new Thread(() -> relay(id, client, upstream), "fault-proxy-" + id);
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void relay(int id, Socket client, Socket upstream) {
        try (client; upstream) {
            InputStream fromSender = client.getInputStream();
            OutputStream toSender = client.getOutputStream();
            InputStream fromReceiver = upstream.getInputStream();
            OutputStream toReceiver = upstream.getOutputStream();
            int message = 0;
            String expect = "FIRST";
            long offset = 0;
            int length = 0;
            while (true) {
                byte[] frame;
                if (expect.equals("TRAILER")) {
                    frame = line(fromSender);
                } else {
                    boolean first = expect.equals("FIRST");
                    byte[] head = fromSender.readNBytes(first ? 50 : 6);
                    if (head.length == 0) {
                        return;
                    }
                    if (first) {
                        offset = 0;
                        length = (int) Math.min(ByteBuffer.wrap(head).getLong(), 1998);
                    }
                    frame = TestBytes.concat(head, fromSender.readNBytes(length));
                    Action a = plan.on(new Frame(id, message, offset, length, first));
                    if (a == Action.CUT) {
                        faults.incrementAndGet();
                        return;
                    }
                    damage(frame, first ? 44 : 0, first ? 50 : 6, a);
                }
                toReceiver.write(frame);
                toReceiver.flush();
                byte[] reply = line(fromReceiver);
                toSender.write(reply);
                toSender.flush();
                String r = new String(reply, StandardCharsets.US_ASCII).trim();
                if (r.isEmpty() || r.startsWith("ERR")) {
                    return;
                }
                if (r.startsWith("ACK ")) {
                    offset += length;
                    length = Integer.parseInt(r.substring(4));
                    expect = "CHUNK";
                } else if (r.equals("NACK2")) {
                    expect = "FIRST";
                } else if (r.equals("ACK")) {
                    if (expect.equals("TRAILER")) {
                        message++;
                        expect = "FIRST";
                    } else {
                        expect = "TRAILER";
                    }
                }
            }
        } catch (IOException e) {
            // A cut or closed peer ends the relay.
        }
    }

    private void damage(byte[] frame, int crcAt, int chunkAt, Action a) {
        if (a == Action.PASS || frame.length == chunkAt) {
            return;
        }
        faults.incrementAndGet();
        frame[chunkAt + (frame.length - chunkAt) / 2] ^= 0x10;
        if (a == Action.FLIP_CONSISTENT) {
            CRC32 c = new CRC32();
            c.update(frame, chunkAt, frame.length - chunkAt);
            ByteBuffer.wrap(frame).putInt(crcAt, (int) c.getValue());
        }
    }

    private static byte[] line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            b.write(c);
            if (c == '\n') {
                break;
            }
        }
        return b.toByteArray();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
