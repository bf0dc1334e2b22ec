package dev.courier.cli.serve;

import dev.courier.cli.CliFailure;
import dev.courier.cli.Converters;
import dev.courier.mail.MailLimits;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Serve's flags for the mail service: clear text, the database, and every limit of the mail protocol page. */
final class MailOptions {
    @Option(names = "--mail-plaintext",
            description = "Serve mail in the original's clear text instead of TLS (passwords and mail readable by "
                    + "anyone on the path; a warning is logged).")
    boolean mailPlaintext;

    @Option(names = "--mail-db", paramLabel = "URL",
            description = "Mail database: jdbc:postgresql://HOST:PORT/DB (default: embedded H2 under "
                    + "<data-dir>/mail).")
    String mailDb;

    @Option(names = "--mail-db-user", paramLabel = "USER", description = "User of --mail-db.")
    String mailDbUser;

    @Option(names = "--mail-db-password-env", paramLabel = "VAR",
            description = "Environment variable holding the password of --mail-db.")
    String mailDbPasswordEnv;

    @Option(names = "--mail-max-line", paramLabel = "SIZE", converter = Converters.ByteSizeConverter.class,
            defaultValue = "" + MailLimits.DEFAULT_MAX_LINE_BYTES,
            description = "Longest request line, LF included; longer is answered ERR:limit and closed.")
    long mailMaxLine;

    @Option(names = "--mail-max-connections", paramLabel = "N", defaultValue = "" + MailLimits.DEFAULT_MAX_CONNECTIONS,
            description = "Open mail connections; one more is answered ERR:limit and closed.")
    int mailMaxConnections;

    @Option(names = "--mail-max-connections-per-address", paramLabel = "N",
            defaultValue = "" + MailLimits.DEFAULT_MAX_CONNECTIONS_PER_ADDRESS,
            description = "Open mail connections from one address (IPv6: one /64); one more is answered ERR:limit "
                    + "and closed (default: ${DEFAULT-VALUE}).")
    int mailMaxConnectionsPerAddress;

    @Option(names = "--mail-max-sessions-per-user", paramLabel = "N",
            defaultValue = "" + MailLimits.DEFAULT_MAX_SESSIONS_PER_USER,
            description = "Mail sessions one account holds; a login beyond is answered ERR:limit, so one account "
                    + "cannot take every session (default: ${DEFAULT-VALUE}).")
    int mailMaxSessionsPerUser;

    @Option(names = "--mail-login-timeout", paramLabel = "DURATION", defaultValue = "30s",
            description = "A mail connection that has not logged in (or named a live session) this long after "
                    + "connecting is answered ERR:limit and closed (default: ${DEFAULT-VALUE}).")
    Duration mailLoginTimeout;

    @Option(names = "--mail-max-pending-logins-per-address", paramLabel = "N",
            defaultValue = "" + MailLimits.DEFAULT_MAX_PENDING_LOGINS_PER_ADDRESS,
            description = "Logins of one address waiting for or in a password check; more are answered ERR:limit. "
                    + "Addresses take turns at the checks (default: ${DEFAULT-VALUE}).")
    int mailMaxPendingLoginsPerAddress;

    @Option(names = "--mail-max-sessions", paramLabel = "N", defaultValue = "" + MailLimits.DEFAULT_MAX_SESSIONS,
            description = "Mail sessions held; a login beyond is answered ERR:limit.")
    int mailMaxSessions;

    @Option(names = "--mail-mailbox-messages", paramLabel = "N",
            defaultValue = "" + MailLimits.DEFAULT_MAX_MAILBOX_MESSAGES,
            description = "Messages one mailbox holds; more are refused with ERR:limit.")
    int mailMailboxMessages;

    @Option(names = "--mail-mailbox-bytes", paramLabel = "SIZE", converter = Converters.ByteSizeConverter.class,
            defaultValue = "32MiB", description = "Bytes of subjects and bodies one mailbox holds.")
    long mailMailboxBytes;

    @Option(names = "--mail-sends-per-minute", paramLabel = "N",
            defaultValue = "" + MailLimits.DEFAULT_MAX_SENDS_PER_MINUTE,
            description = "Messages one user may send per minute (a minute's worth at once, then evenly).")
    int mailSendsPerMinute;

    @Option(names = "--mail-session-timeout", paramLabel = "DURATION", defaultValue = "30m",
            description = "A mail session unused this long ends.")
    Duration mailSessionTimeout;

    @Option(names = "--mail-idle-timeout", paramLabel = "DURATION", defaultValue = "5m",
            description = "A silent mail connection is closed; its session goes on (0: never).")
    Duration mailIdleTimeout;

    /** The limits these flags ask for; a usage error if they do not fit together. */
    MailLimits limits() {
        if (mailMaxLine > Integer.MAX_VALUE) {
            throw CliFailure.usage("--mail-max-line is too large: " + mailMaxLine);
        }
        try {
            return MailLimits.defaults().withMaxLineBytes((int) mailMaxLine).withMaxConnections(mailMaxConnections)
                    .withMaxConnectionsPerAddress(mailMaxConnectionsPerAddress)
                    .withMaxSessions(mailMaxSessions).withMaxSessionsPerUser(mailMaxSessionsPerUser)
                    .withLoginTimeout(mailLoginTimeout)
                    .withMaxPendingLoginsPerAddress(mailMaxPendingLoginsPerAddress)
                    .withMaxMailboxMessages(mailMailboxMessages)
                    .withMaxMailboxBytes(mailMailboxBytes).withMaxSendsPerMinute(mailSendsPerMinute)
                    .withSessionTimeout(mailSessionTimeout).withIdleTimeout(mailIdleTimeout);
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage("bad mail limits: " + e.getMessage());
        }
    }
}
