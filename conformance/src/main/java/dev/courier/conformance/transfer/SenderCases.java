package dev.courier.conformance.transfer;

import dev.courier.conformance.Case;
import dev.courier.conformance.CaseFailure;
import dev.courier.conformance.Target;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The kit as a receiver that checks a sender (receiver mode): one case per connection, in order, each expecting
 * the sender to send one file, the sample the kit wrote, and answering it as the case says: chunk sizes the page
 * allows but a sender may not expect ({@code ACK 1}, {@code ACK 7}, sizes that do not double), {@code NACK1},
 * {@code NACK2} and {@code ERR}. Every frame's CRC-32, the SHA-256, the sizes and the trailer are checked.
 */
public final class SenderCases {
    /** Size of the sample file: several chunks, and room for odd ones. */
    public static final int SAMPLE_BYTES = 10_000;
    /** The case in which the kit refuses the message: the sender's run must fail. */
    public static final String ERR_CASE = "transfer-sender.replies.err-stops-the-sender";
    /** The reason the kit refuses with in the ERR case. */
    static final String REFUSAL = "conformance kit: refused on purpose";

    /** What one case does with its connection. */
    @FunctionalInterface
    private interface Script {
        void run(SenderPeer s) throws IOException;
    }

    private final KitReceiver receiver;
    private final Path sample;
    private final Duration wait;
    private final PrintStream out;

    private SenderCases(KitReceiver receiver, Path sample, Duration wait, PrintStream out) {
        this.receiver = receiver;
        this.sample = sample;
        this.wait = wait;
        this.out = out;
    }

    /**
     * The cases, each waiting up to {@code wait} for the sender's next connection on {@code receiver}, and telling
     * {@code out} what to send; the sender sends {@code sample} (written by {@link #writeSample}).
     */
    public static List<Case> all(KitReceiver receiver, Path sample, Duration wait, PrintStream out) {
        SenderCases k = new SenderCases(receiver, sample, wait, out);
        List<Case> c = new ArrayList<>();
        c.add(k.of("transfer-sender.frames.a-message-is-well-formed", TransferCases.FIRST, k::wellFormed));
        c.add(k.of("transfer-sender.chunks.ack-1-and-ack-7-get-exactly-1-and-7-bytes", TransferCases.CHUNKS,
                k::smallAsks));
        c.add(k.of("transfer-sender.chunks.sizes-that-do-not-double-are-followed", TransferCases.CHUNKS,
                k::notDoubling));
        c.add(k.of("transfer-sender.nacks.nack1-gets-the-same-frame-again", TransferCases.NACKS, k::nack1));
        c.add(k.of("transfer-sender.nacks.nack2-starts-again-from-the-first-frame", TransferCases.NACKS, k::nack2));
        c.add(k.of(ERR_CASE, TransferCases.REPLIES, k::err));
        return c;
    }

    /** The names of every case, in order (as many as the times the sender must be run). */
    public static List<String> names() {
        return all(null, Path.of("sample"), Duration.ZERO, System.out).stream().map(Case::name).toList();
    }

    /** Writes the sample file every case expects to {@code file} (its name is the one the trailer must carry). */
    public static void writeSample(Path file) throws IOException {
        Files.write(file, TransferWire.body(SAMPLE_BYTES));
    }

    private Case of(String name, String section, Script script) {
        return Case.of(name, section, t -> run(t, script));
    }

    private void run(Target t, Script script) throws IOException {
        out.println("WAIT  for the sender's next run: send " + sample + " (waiting up to "
                + (wait.toMillis() % 1000 == 0 ? wait.toSeconds() + " s" : wait.toMillis() + " ms") + ")");
        out.flush();
        byte[] body = Files.readAllBytes(sample);
        try (SenderPeer s = new SenderPeer(receiver.accept(wait, t.timeout()), body,
                String.valueOf(sample.getFileName()))) {
            script.run(s);
        }
    }

    /** The sizes a receiver of the page asks for after the first chunk: doubling, never past the end. */
    private static List<Integer> doubling(int size) {
        List<Integer> asks = new ArrayList<>();
        int at = Math.min(size, TransferWire.FIRST_CHUNK_BYTES);
        int n = at;
        while (at < size) {
            n = Math.min(2 * n, size - at);
            asks.add(n);
            at += n;
        }
        return asks;
    }

    /**
     * The rest of a message after its first frame: asks for {@code asks} one after the other, then the rest in one
     * chunk if any is left, then {@code ACK}, the trailer, {@code ACK}, and the close.
     */
    private static void finish(SenderPeer s, int from, List<Integer> asks) throws IOException {
        int at = from;
        List<Integer> all = new ArrayList<>(asks);
        int planned = all.stream().mapToInt(Integer::intValue).sum();
        if (at + planned < s.size()) {
            all.add(s.size() - at - planned);
        }
        for (int n : all) {
            s.reply("ACK " + n).next(at, n);
            at += n;
        }
        s.reply("ACK").trailer();
        s.reply("ACK").expectClosed("the final ACK");
    }

    private void wellFormed(SenderPeer s) throws IOException {
        s.first();
        finish(s, TransferWire.FIRST_CHUNK_BYTES, doubling(s.size()));
    }

    private void smallAsks(SenderPeer s) throws IOException {
        s.first();
        finish(s, TransferWire.FIRST_CHUNK_BYTES, List.of(1, 7));
    }

    private void notDoubling(SenderPeer s) throws IOException {
        s.first();
        finish(s, TransferWire.FIRST_CHUNK_BYTES, List.of(5000, 3, 1000));
    }

    private void nack1(SenderPeer s) throws IOException {
        s.first();
        s.reply("NACK1");
        after("NACK1 on the first frame, the sender must send the same first frame again", s::first);
        int at = TransferWire.FIRST_CHUNK_BYTES;
        s.reply("ACK 3996").next(at, 3996);
        s.reply("NACK1");
        int from = at;
        after("NACK1 on a later frame, the sender must send the same frame again", () -> s.next(from, 3996));
        finish(s, at + 3996, List.of());
    }

    private void nack2(SenderPeer s) throws IOException {
        s.first();
        int at = TransferWire.FIRST_CHUNK_BYTES;
        for (int n : doubling(s.size())) {
            s.reply("ACK " + n).next(at, n);
            at += n;
        }
        s.reply("NACK2");
        after("NACK2, the sender must start the message again from its first frame", s::first);
        finish(s, TransferWire.FIRST_CHUNK_BYTES, doubling(s.size()));
    }

    private void err(SenderPeer s) throws IOException {
        s.first();
        s.reply("ERR " + REFUSAL).expectClosed("ERR");
    }

    /** Runs {@code step}, saying in its failure what the rule {@code after} the last reply is. */
    private static void after(String rule, Step step) throws IOException {
        try {
            step.run();
        } catch (CaseFailure f) {
            throw new CaseFailure("after " + rule + ": " + f.getMessage(), f.sent(), f.expected(), f.received());
        }
    }

    /** One read of the script. */
    @FunctionalInterface
    private interface Step {
        void run() throws IOException;
    }
}
