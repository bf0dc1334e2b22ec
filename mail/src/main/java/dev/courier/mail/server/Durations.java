package dev.courier.mail.server;

import java.time.Duration;

/** A duration in the words a peer reads in a reply: {@code 30 s}, {@code 500 ms}. */
final class Durations {
    private Durations() {
    }

    /** Whole seconds as {@code N s}, anything else in milliseconds. */
    static String words(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
