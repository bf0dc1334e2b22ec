package dev.courier.transfer.server;

import dev.courier.transfer.protocol.TransferReply;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/** The connection as the message flow sees it: replies, holding while the disk works, refusals, the event loop. */
interface Conversation {
    /** Stops reading until the next reply. */
    void hold();

    /** Sends a reply and reads again. */
    void reply(TransferReply r);

    /** Answers {@code ERR reason} and closes; later calls do nothing. */
    void refuse(String reason);

    /** Whether the connection is done with (refused, closed or failed). */
    boolean finished();

    /** Runs {@code then} on the connection's event loop once {@code f} completes, with its cause unwrapped. */
    <T> void onLoop(CompletableFuture<T> f, BiConsumer<T, Throwable> then);
}
