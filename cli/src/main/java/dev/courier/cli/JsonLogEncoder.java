package dev.courier.cli;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Log events as JSON lines: {@code {"time":"2026-11-30T06:00:00.123Z","level":"INFO","logger":"dev.courier.kv...",
 * "service":"kv","connection":"0x1a2b3c4d","message":"...","error":"..."}}. The service comes from the logger's
 * package; the connection from the Netty channel a message names ({@code [id: 0x...]}), when it names one. Control
 * characters are escaped, so a peer's bytes quoted in a message cannot break a line.
 */
public final class JsonLogEncoder extends EncoderBase<ILoggingEvent> {
    private static final Pattern CHANNEL = Pattern.compile("\\[id: (0x[0-9a-f]+)");
    private static final byte[] NONE = new byte[0];

    @Override
    public byte[] headerBytes() {
        return NONE;
    }

    @Override
    public byte[] encode(ILoggingEvent e) {
        StringBuilder b = new StringBuilder(256);
        String message = e.getFormattedMessage();
        b.append("{\"time\":\"").append(Instant.ofEpochMilli(e.getTimeStamp())).append('"');
        field(b, "level", e.getLevel().toString());
        field(b, "logger", e.getLoggerName());
        String service = service(e.getLoggerName(), message);
        if (service != null) {
            field(b, "service", service);
        }
        Matcher m = message == null ? null : CHANNEL.matcher(message);
        if (m != null && m.find()) {
            field(b, "connection", m.group(1));
        }
        field(b, "thread", e.getThreadName());
        field(b, "message", message == null ? "" : message);
        IThrowableProxy t = e.getThrowableProxy();
        if (t != null) {
            field(b, "error", ThrowableProxyUtil.asString(t));
        }
        b.append("}\n");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] footerBytes() {
        return NONE;
    }

    private static final Pattern SERVICE_PREFIX = Pattern.compile("^(kv-rsa|kv|mail|transfer)[ :]");

    /**
     * {@code kv}, {@code kv-rsa}, {@code mail}, {@code transfer}, {@code serve}, {@code cli} or {@code core} from the
     * logger's package, else null; the shared engine's lines ({@code core}) name the service they are about first
     * ("kv listening on ..."), and take that.
     */
    static String service(String logger, String message) {
        if (logger == null || !logger.startsWith("dev.courier.")) {
            return null;
        }
        String rest = logger.substring("dev.courier.".length());
        int dot = rest.indexOf('.');
        String first = dot < 0 ? rest : rest.substring(0, dot);
        if (first.equals("cli")) {
            return rest.startsWith("cli.serve") ? "serve" : "cli";
        }
        if (first.equals("core") && message != null) {
            Matcher m = SERVICE_PREFIX.matcher(message);
            if (m.find()) {
                return m.group(1);
            }
        }
        return first;
    }

    private static void field(StringBuilder b, String name, String value) {
        b.append(",\"").append(name).append("\":\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || c >= 0x80 && c < 0xa0 || c == 0x2028 || c == 0x2029) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }
}
