package dev.courier.kv.command;

import dev.courier.core.auth.LoginThrottle;
import dev.courier.core.net.PeerAddress;
import dev.courier.kv.protocol.Edition;
import dev.courier.kv.protocol.KvRequest;
import dev.courier.kv.store.LoginGuard;
import dev.courier.kv.store.SessionStore;
import dev.courier.kv.store.SessionStore.Connected;
import dev.courier.kv.store.SessionStore.Outcome;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code CONNECT}: protected mode first (open mode on a public address serves loopback peers only), then the login
 * throttle (per id and per address), then the store's binding decision; failures of the password count against
 * both throttle keys, a success forgets the id's.
 */
public final class ConnectCommand {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectCommand.class);

    private final LoginGuard throttle;
    private final boolean loopbackOnly;
    private final LongAdder throttled;

    /**
     * A CONNECT decision.
     *
     * @param loopbackOnly protected mode: refuse every peer that is not on loopback
     * @param throttled    counts the CONNECTs the throttle refused unchecked
     */
    public ConnectCommand(LoginThrottle throttle, boolean loopbackOnly, LongAdder throttled) {
        this(LoginGuard.local(throttle), loopbackOnly, throttled);
    }

    /** A CONNECT decision whose throttle is {@code guard} (shared by the nodes of a deployment, or this one's). */
    public ConnectCommand(LoginGuard guard, boolean loopbackOnly, LongAdder throttled) {
        this.throttle = guard;
        this.loopbackOnly = loopbackOnly;
        this.throttled = throttled;
    }

    /** The same decision in protected mode. */
    public ConnectCommand asLoopbackOnly() {
        return new ConnectCommand(throttle, true, throttled);
    }

    /** Whether only loopback peers may CONNECT. */
    public boolean loopbackOnly() {
        return loopbackOnly;
    }

    /** Decides {@code connect} from {@code peer} on a connection {@code owner} of {@code edition}. */
    public CompletionStage<Connected> execute(KvRequest.Connect connect, Edition edition, SocketAddress peer,
                                              Object owner, SessionStore store) {
        String address = peer instanceof InetSocketAddress a && a.getAddress() != null
                ? a.getAddress().getHostAddress() : String.valueOf(peer);
        if (loopbackOnly && !(peer instanceof InetSocketAddress a && a.getAddress() != null
                && a.getAddress().isLoopbackAddress())) {
            LOG.warn("refused CONNECT from {}: open mode serves loopback peers only (protected mode)", address);
            return CompletableFuture.completedFuture(Connected.refused(Outcome.REFUSED));
        }
        String idKey = "id:" + connect.clientId();
        String addrKey = "ip:" + address;
        CompletableFuture<Boolean> blocked = throttle.blocked(idKey, addrKey).toCompletableFuture();
        if (blocked.isDone() && !blocked.isCompletedExceptionally()) {
            return decide(connect, edition, peer, owner, store, idKey, addrKey, blocked.join());
        }
        return blocked.handle((b, e) -> e == null ? b : null).thenCompose(b -> b == null
                ? CompletableFuture.completedFuture(Connected.refused(Outcome.UNAVAILABLE))
                : decide(connect, edition, peer, owner, store, idKey, addrKey, b));
    }

    private CompletionStage<Connected> decide(KvRequest.Connect connect, Edition edition, SocketAddress peer,
                                              Object owner, SessionStore store, String idKey, String addrKey,
                                              boolean blocked) {
        if (blocked) {
            throttled.increment();
            return CompletableFuture.completedFuture(Connected.refused(Outcome.REFUSED));
        }
        byte[] hash = edition == Edition.TLS ? connect.hash() : null;
        CompletionStage<Connected> decided = store.connect(
                new SessionStore.Claim(connect.clientId(), hash, owner, PeerAddress.keyOf(peer)));
        return decided.thenApply(c -> {
            if (c.outcome() == Outcome.REFUSED || c.outcome() == Outcome.WRONG_HASH) {
                throttle.failed(idKey, addrKey);
            } else if (c.outcome().ok()) {
                throttle.succeeded(idKey);
            }
            return c;
        });
    }
}
