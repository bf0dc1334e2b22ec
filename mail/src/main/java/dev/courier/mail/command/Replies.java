package dev.courier.mail.command;

import dev.courier.mail.protocol.ErrorCode;
import dev.courier.mail.protocol.MailReply;
import dev.courier.mail.store.ListingRefusedException;
import dev.courier.mail.store.StoreBusyException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The error replies commands share, and how a failure of the store becomes one. */
public final class Replies {
    private static final Logger LOG = LoggerFactory.getLogger(Replies.class);

    /** Unknown, expired or ended session (also: its account was deleted). */
    public static final MailReply.Error NO_SESSION = new MailReply.Error(ErrorCode.SESSION,
            "no such session (it expired, was logged off, or its account was deleted); log in again");
    /** A queue of the server is full. */
    public static final MailReply.Error BUSY = new MailReply.Error(ErrorCode.LIMIT, "server busy, try again");
    /** The store failed. */
    public static final MailReply.Error INTERNAL = new MailReply.Error(ErrorCode.INTERNAL,
            "the server could not reach its storage; try again");

    private Replies() {
    }

    /** The reply for a failed store operation or a refused task. */
    public static MailReply failure(Throwable t, MailContext ctx) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        if (c instanceof ListingRefusedException) {
            ctx.stats().limited.increment();
            ctx.stats().memoryRefused.increment();
            return BUSY;
        }
        if (c instanceof StoreBusyException || c instanceof RejectedExecutionException) {
            ctx.stats().limited.increment();
            return BUSY;
        }
        LOG.warn("a mail command failed: {}", c.toString());
        LOG.debug("failure", c);
        ctx.stats().internalErrors.increment();
        return INTERNAL;
    }

    /** An {@code ERR:limit} reply, counted. */
    public static MailReply limit(String text, MailContext ctx) {
        ctx.stats().limited.increment();
        return new MailReply.Error(ErrorCode.LIMIT, text);
    }
}
