package dev.courier.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** The levels {@code --log-level} accepts, applied to Logback at once. */
public enum LogLevel {
    /** Everything. */
    TRACE,
    /** Details such as the effective limits. */
    DEBUG,
    /** The default: listening addresses, TLS provider, start and stop. */
    INFO,
    /** Only problems. */
    WARN,
    /** Only failures. */
    ERROR,
    /** Nothing. */
    OFF;

    /** Sets the root level; Netty's own chatter stays at INFO or quieter. */
    public void apply() {
        Level level = Level.toLevel(name());
        if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger root) {
            root.setLevel(level);
        }
        if (LoggerFactory.getLogger("io.netty") instanceof Logger netty) {
            netty.setLevel(level.isGreaterOrEqual(Level.INFO) ? level : Level.INFO);
        }
    }
}
