package dev.courier.mail.command;

import dev.courier.core.auth.LoginThrottle;
import dev.courier.mail.MailLimits;
import dev.courier.mail.MailStats;
import dev.courier.mail.account.PasswordHash;
import dev.courier.mail.session.MailSessions;
import dev.courier.mail.session.SendRateLimiter;
import dev.courier.mail.store.AsyncMailStore;
import java.time.Clock;
import java.util.concurrent.Executor;

/**
 * What every connection of one server shares.
 *
 * @param store     the store behind its queues
 * @param sessions  the live sessions
 * @param throttle  failed logins per user and per address
 * @param sendRate  messages per minute per user
 * @param passwords the bounded executor where PBKDF2 runs
 * @param decoy     the hash checked for unknown users, so a refusal takes as long either way
 */
public record MailContext(MailLimits limits, AsyncMailStore store, MailSessions sessions, LoginThrottle throttle,
                          SendRateLimiter sendRate, Executor passwords, PasswordHash decoy, MailStats stats,
                          Clock clock) {
}
