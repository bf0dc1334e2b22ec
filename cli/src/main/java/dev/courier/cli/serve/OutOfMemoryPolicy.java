package dev.courier.cli.serve;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks that the JVM exits at once if it runs out of memory. The memory budget keeps peers from getting there,
 * but should it happen anyway, a process whose event-loop threads died of {@link OutOfMemoryError} stays up
 * serving nobody; exiting lets a supervisor restart it. The {@code courier} launcher passes the flag.
 */
final class OutOfMemoryPolicy {
    /** The HotSpot option that makes the JVM exit on the first OutOfMemoryError. */
    static final String OPTION = "ExitOnOutOfMemoryError";

    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    private OutOfMemoryPolicy() {
    }

    /** Whether the running JVM exits on OutOfMemoryError (false when it cannot tell). */
    static boolean exitsOnOutOfMemory() {
        try {
            HotSpotDiagnosticMXBean hs = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return hs != null && Boolean.parseBoolean(hs.getVMOption(OPTION).getValue());
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Warns when the JVM would live on after an OutOfMemoryError. */
    static void check() {
        if (!exitsOnOutOfMemory()) {
            LOG.warn("the JVM runs without -XX:+{}: should it run out of memory, it would keep running with dead "
                    + "threads; start it through ./courier, or add the flag to COURIER_JAVA_OPTS", OPTION);
        }
    }
}
