package dev.courier.kv.redis;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Sends one RESP PING over a plain socket and reads the reply line, without redis-cli's process start. */
public final class RespPing {
    private static final byte[] PING = "*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII);

    private RespPing() {
    }

    /**
     * The reply line, CRLF included ({@code +PONG\r\n} from a healthy server). Throws
     * {@link java.net.SocketTimeoutException} when connecting or the reply takes longer than {@code timeoutMillis}:
     * a stopped (SIGSTOP) server still completes the TCP handshake through the kernel's backlog, so only the
     * read times out.
     */
    public static String ping(String host, int port, int timeoutMillis) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), timeoutMillis);
            s.setSoTimeout(timeoutMillis);
            s.getOutputStream().write(PING);
            s.getOutputStream().flush();
            return readLine(s.getInputStream());
        }
    }

    /** True when the server at 127.0.0.1:{@code port} answers {@code +PONG} within {@code timeoutMillis}. */
    public static boolean answers(int port, int timeoutMillis) {
        try {
            return "+PONG\r\n".equals(ping("127.0.0.1", port, timeoutMillis));
        } catch (IOException e) {
            return false;
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) != -1) {
            line.append((char) b);
            if (b == '\n') {
                break;
            }
        }
        return line.toString();
    }
}
