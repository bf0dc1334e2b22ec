package dev.courier.mail.client;

import dev.courier.core.tls.TlsContexts.ClientTrust;
import dev.courier.mail.MailLimits;
import java.time.Duration;

/**
 * How a client reaches a mail server.
 *
 * @param host         server host (the certificate must name it, unless trust is insecure)
 * @param port         server port
 * @param trust        how the server's certificate is checked; null for the clear-text form
 * @param timeout      how long to wait for the connection and for each answer
 * @param maxLineBytes longest reply line accepted, LF included
 * @param maxAttempts  sends of one request in all when the server answers {@code KO}
 */
public record MailClientConfig(String host, int port, ClientTrust trust, Duration timeout, int maxLineBytes,
                               int maxAttempts) {
    /** Default time to wait for a connection or an answer. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    /** The spec's number of sends in all after {@code KO}s. */
    public static final int DEFAULT_MAX_ATTEMPTS = 3;

    /** Checks the values. */
    public MailClientConfig {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("at least one attempt");
        }
    }

    /** A TLS client with the defaults. */
    public static MailClientConfig tls(String host, int port, ClientTrust trust) {
        return new MailClientConfig(host, port, trust, DEFAULT_TIMEOUT, MailLimits.DEFAULT_MAX_LINE_BYTES,
                DEFAULT_MAX_ATTEMPTS);
    }

    /** A clear-text client with the defaults. */
    public static MailClientConfig plaintext(String host, int port) {
        return new MailClientConfig(host, port, null, DEFAULT_TIMEOUT, MailLimits.DEFAULT_MAX_LINE_BYTES,
                DEFAULT_MAX_ATTEMPTS);
    }

    /** Whether it speaks clear text. */
    public boolean plaintext() {
        return trust == null;
    }

    /** A copy with another timeout. */
    public MailClientConfig withTimeout(Duration t) {
        return new MailClientConfig(host, port, trust, t, maxLineBytes, maxAttempts);
    }

    /** A copy with another line limit. */
    public MailClientConfig withMaxLineBytes(int n) {
        return new MailClientConfig(host, port, trust, timeout, n, maxAttempts);
    }

    /** A copy with another number of attempts. */
    public MailClientConfig withMaxAttempts(int n) {
        return new MailClientConfig(host, port, trust, timeout, maxLineBytes, n);
    }
}
