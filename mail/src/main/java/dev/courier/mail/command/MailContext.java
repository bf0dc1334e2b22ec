package dev.courier.mail.command;

import dev.courier.core.auth.FairExecutor;
import dev.courier.core.auth.LoginThrottle;
import dev.courier.mail.MailLimits;
import dev.courier.mail.MailStats;
import dev.courier.mail.account.PasswordChecker;
import dev.courier.mail.session.MailSessions;
import dev.courier.mail.session.SendRateLimiter;
import dev.courier.mail.store.AsyncMailStore;
import java.time.Clock;

/**
 * What every connection of one server shares.
 *
 * @param store     the store behind its queues
 * @param sessions  the live sessions
 * @param throttle  failed logins (and logins in flight) per user and per address
 * @param sendRate  messages per minute per user
 * @param hashing   the bounded executor where PBKDF2 runs, the addresses taking turns
 * @param passwords the password check, at one cost for known and unknown users
 */
public record MailContext(MailLimits limits, AsyncMailStore store, MailSessions sessions, LoginThrottle throttle,
                          SendRateLimiter sendRate, FairExecutor hashing, PasswordChecker passwords, MailStats stats,
                          Clock clock) {
}
