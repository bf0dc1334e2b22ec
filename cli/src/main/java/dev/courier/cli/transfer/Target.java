package dev.courier.cli.transfer;

import dev.courier.transfer.server.TransferServerConfig;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Where {@code courier send} goes: {@code HOST:PORT}, {@code HOST} (port 7404), or {@code [IPV6]:PORT}.
 *
 * @param host host name or address, without brackets
 * @param port port 1-65535
 */
public record Target(String host, int port) {
    /** Parses {@code HOST[:PORT]}; an IPv6 address goes in brackets when a port follows. */
    public static Target parse(String s) {
        String host;
        String port = null;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("unclosed [ in '" + s + "'");
            }
            host = s.substring(1, close);
            String rest = s.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException("expected :PORT after ] in '" + s + "'");
                }
                port = rest.substring(1);
            }
        } else {
            int colon = s.lastIndexOf(':');
            // Two colons or more without brackets: a bare IPv6 address, no port.
            if (colon >= 0 && s.indexOf(':') == colon) {
                host = s.substring(0, colon);
                port = s.substring(colon + 1);
            } else {
                host = s;
            }
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("no host in '" + s + "' (HOST:PORT, e.g. localhost:7404)");
        }
        return new Target(host, port == null ? TransferServerConfig.DEFAULT_PORT : number(port, s));
    }

    private static int number(String port, String whole) {
        try {
            int p = Integer.parseInt(port);
            if (p >= 1 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // Falls through to the message below.
        }
        throw new IllegalArgumentException("bad port '" + port + "' in '" + whole + "' (1-65535)");
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** Picocli's converter for a {@code HOST:PORT} parameter. */
    public static final class Converter implements ITypeConverter<Target> {
        @Override
        public Target convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
