package dev.courier.cli;

import java.util.Properties;

/** Netty settings the command line changes from Netty's own defaults, unless the user set them. */
final class NettyDefaults {
    /** Netty's system property for the buffer leak detector's level. */
    static final String LEAK_DETECTION = "io.netty.leakDetection.level";
    /** The older spelling of {@link #LEAK_DETECTION}, still honoured by Netty. */
    static final String LEAK_DETECTION_OLD = "io.netty.leakDetectionLevel";

    private NettyDefaults() {
    }

    /**
     * Turns Netty's buffer leak detector off unless either of its properties is set. By default it records a
     * stack trace for one buffer in 128; in a server under load that cost about 5% of throughput (8% of CPU
     * per request, bench/README.md). The tests keep it on, where leaks are caught.
     */
    static void apply(Properties system) {
        if (system.getProperty(LEAK_DETECTION) == null && system.getProperty(LEAK_DETECTION_OLD) == null) {
            system.setProperty(LEAK_DETECTION, "disabled");
        }
    }
}
