package dev.courier.cli;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.util.Iterator;
import org.slf4j.LoggerFactory;

/** The forms {@code --log-format} accepts: lines for people, or JSON lines for log shippers. */
public enum LogFormat {
    /** {@code 12:00:00.000 INFO  KvServer: ...}: the default. */
    TEXT,
    /** One JSON object per line: time, level, logger, service, connection, message (see {@link JsonLogEncoder}). */
    JSON;

    /** Switches every console appender of the root logger to this format. */
    public void apply() {
        if (this == TEXT || !(LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger root)) {
            return;
        }
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            if (it.next() instanceof OutputStreamAppender<ILoggingEvent> out
                    && !(out.getEncoder() instanceof JsonLogEncoder)) {
                Encoder<ILoggingEvent> json = new JsonLogEncoder();
                json.setContext(out.getContext());
                json.start();
                out.stop();
                out.setEncoder(json);
                out.start();
            }
        }
    }
}
