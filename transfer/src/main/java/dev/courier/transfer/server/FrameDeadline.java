package dev.courier.transfer.server;

import java.time.Clock;
import java.time.Duration;

/**
 * The deadline of the frame a connection waits for: armed when the frame's first byte arrives (or, for the first
 * frame, when the connection opens) and met only when the whole frame is in. Unlike an idle timer, bytes arriving
 * do not push it back, so a sender trickling a header one byte at a time is cut off all the same.
 */
final class FrameDeadline {
    private final Clock clock;
    private long dueMillis = -1;
    private long allowedMillis;
    private String what = "";

    FrameDeadline(Clock clock) {
        this.clock = clock;
    }

    /** Starts the clock: what is waited for must be complete within {@code allowed}. */
    void arm(Duration allowed, String what) {
        this.allowedMillis = allowed.toMillis();
        this.dueMillis = clock.millis() + allowedMillis;
        this.what = what;
    }

    /** The frame is in (or the receiver is busy): nothing is waited for. */
    void disarm() {
        dueMillis = -1;
    }

    /** Whether a frame is being waited for. */
    boolean armed() {
        return dueMillis >= 0;
    }

    /** Whether the frame waited for is late. */
    boolean passed() {
        return armed() && clock.millis() >= dueMillis;
    }

    /** Milliseconds left until the deadline (0 once passed, or when disarmed). */
    long remainingMillis() {
        return armed() ? Math.max(0, dueMillis - clock.millis()) : 0;
    }

    /** What the sender was too slow with, for its ERR. */
    String reason() {
        return "too slow: " + what + " not complete within " + allowedMillis + " ms";
    }
}
