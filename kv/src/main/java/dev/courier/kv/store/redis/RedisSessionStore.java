package dev.courier.kv.store.redis;

import dev.courier.core.auth.LoginThrottle;
import dev.courier.core.auth.SaltedDigest;
import dev.courier.core.budget.MemoryBudget;
import dev.courier.kv.session.AccountBook;
import dev.courier.kv.store.LoginGuard;
import dev.courier.kv.store.SessionStore;
import io.netty.util.internal.ThreadExecutorMap;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sessions in Redis, shared by every node that names the same Redis and prefix. Each rule is one Lua script run
 * atomically by Redis: a CONNECT binds with a lease whose token every later command carries (a node that lost the
 * lease is refused: fencing); the resume window is the keys' expiry, restarted by each renewal and at release; the
 * per-session key and byte limits are checked in the PUT script. The password's digest is checked on the node, in
 * constant time, against the digest the script read, and the bind script refuses if the session changed meanwhile.
 *
 * <p>Node-local: the count of sessions bound here ({@code --kv-max-sessions} caps it) and the memory budget (the
 * data is Redis's; its {@code maxmemory} bounds it).
 */
public final class RedisSessionStore implements SessionStore {
    private static final Logger LOG = LoggerFactory.getLogger(RedisSessionStore.class);
    /** How many times a CONNECT looks again when the session changed between its look and its bind. */
    private static final int CONNECT_TRIES = 3;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] DROP = {'D'};
    private static final byte[] KEEP = {'K'};
    /**
     * How much sooner than Redis this node takes a lease to end, from when it asked for it: a tenth of the lease
     * (at least this), for clocks that run apart.
     */
    static final long LEASE_MARGIN_MIN_MS = 20;

    private final RedisStoreConfig config;
    private final RedisLink link;
    private final RedisKeys keys;
    private final AccountBook accounts;
    private final MemoryBudget budget;
    private final int maxSessions;
    /** Open mode: sessions one address may have created and still alive, on every node (MAX_VALUE: no cap). */
    private final int maxSessionsPerAddress;
    private final int maxKeys;
    private final long maxBytes;
    private final RedisWriter writer;
    /** How long after its request a lease is taken as held: the lease less the margin. */
    private final long heldNanos;
    private final byte[] leaseMs;
    /** The lease and the resume window, ms: how long a session may live without a renewal. */
    private final byte[] ttlMs;
    private final long windowMillis;
    private final byte[] windowMs;
    private final String node = HexFormat.of().formatHex(randomBytes(8));
    private final AtomicLong bindings = new AtomicLong();
    private final Set<RedisHold> holds = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService renewer;

    private RedisSessionStore(RedisStoreConfig config, RedisLink link, AccountBook accounts, MemoryBudget budget,
                              int maxSessions, int maxSessionsPerAddress, int maxKeysPerSession,
                              long maxBytesPerSession, Duration window) {
        this.config = config;
        this.link = link;
        this.keys = new RedisKeys(config.prefix());
        this.accounts = accounts;
        this.budget = budget;
        this.maxSessions = maxSessions;
        this.maxSessionsPerAddress = maxSessionsPerAddress;
        this.maxKeys = maxKeysPerSession;
        this.maxBytes = maxBytesPerSession;
        long lease = config.lease().toMillis();
        this.heldNanos = TimeUnit.MILLISECONDS.toNanos(lease - Math.max(LEASE_MARGIN_MIN_MS, lease / 10));
        this.writer = new RedisWriter(link, config.cluster(), lease, window.toMillis(), this::lost);
        this.leaseMs = ascii(config.lease().toMillis());
        this.windowMs = ascii(window.toMillis());
        this.windowMillis = window.toMillis();
        this.ttlMs = ascii(config.lease().toMillis() + Math.max(0, window.toMillis()));
        this.renewer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kv-lease");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(50, config.lease().toMillis() / 3);
        renewer.scheduleWithFixedDelay(this::renewAll, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Connects to the Redis {@code config} names (throws with a readable message when it cannot), with no cap on the
     * sessions one address creates.
     *
     * @param accounts the accounts a CONNECT must match, or null for open mode
     * @param budget   this node's memory budget (requests and replies in flight, copies of the sessions it holds)
     */
    public static RedisSessionStore open(RedisStoreConfig config, AccountBook accounts, MemoryBudget budget,
                                         int maxSessions, int maxKeysPerSession, long maxBytesPerSession,
                                         Duration resumeWindow) {
        return open(config, accounts, budget, maxSessions, Integer.MAX_VALUE, maxKeysPerSession, maxBytesPerSession,
                resumeWindow, null);
    }

    /**
     * As {@link #open(RedisStoreConfig, AccountBook, MemoryBudget, int, int, long, Duration)}; in open mode at most
     * {@code maxSessionsPerAddress} live sessions created by one address, counted in Redis for every node; with
     * {@code loops} (the KV server's event loops; null: a thread of its own) a connection to Redis per loop, on it.
     */
    public static RedisSessionStore open(RedisStoreConfig config, AccountBook accounts, MemoryBudget budget,
                                         int maxSessions, int maxSessionsPerAddress, int maxKeysPerSession,
                                         long maxBytesPerSession, Duration resumeWindow,
                                         io.netty.channel.EventLoopGroup loops) {
        RedisLink link = RedisLink.open(config, loops);
        LOG.info("kv: sessions in {} under prefix '{}' (lease {} ms, timeout {} ms)", config.redacted(),
                config.prefix(), config.lease().toMillis(), config.timeout().toMillis());
        return new RedisSessionStore(config, link, accounts, budget, maxSessions, maxSessionsPerAddress,
                maxKeysPerSession, maxBytesPerSession, resumeWindow);
    }

    /** The login throttle with its counters in this Redis: one throttle for every node. */
    public LoginGuard loginGuard(LoginThrottle.Policy policy) {
        return new RedisLoginGuard(link, keys, policy);
    }

    /** Completes when Redis answers a PING; fails when it does not, within the store's timeout. */
    public CompletableFuture<Void> ping() {
        return link.ping();
    }

    /** Whether Redis answered the last command. */
    public boolean healthy() {
        return link.healthy();
    }

    /** The configuration this store was opened with. */
    public RedisStoreConfig config() {
        return config;
    }

    @Override
    public CompletionStage<Connected> connect(Claim claim) {
        if (accounts != null) {
            Optional<SaltedDigest> account = claim.hash() == null ? Optional.empty() : accounts.lookup(claim.id());
            if (account.isEmpty() || !account.get().matches(claim.hash())) {
                return CompletableFuture.completedFuture(Connected.refused(Outcome.REFUSED));
            }
        }
        if (holds.size() >= maxSessions) {
            return CompletableFuture.completedFuture(Connected.refused(Outcome.FULL));
        }
        RedisHold hold = new RedisHold(claim.id(), node + ":" + bindings.incrementAndGet(), keys,
                ThreadExecutorMap.currentExecutor(), writer, budget, maxKeys, maxBytes);
        hold.endsWithConnection = claim.hash() == null || windowMillis <= 0;
        return attempt(claim, hold, CONNECT_TRIES).thenApply(o -> {
            if (o.ok()) {
                holds.add(hold);
                return new Connected(o, hold);
            }
            return Connected.refused(o);
        });
    }

    /** One look at the session, then a create or a bind; looks again if it changed in between. */
    private CompletableFuture<Outcome> attempt(Claim claim, RedisHold hold, int tries) {
        if (tries == 0) {
            return CompletableFuture.completedFuture(Outcome.BUSY);
        }
        return link.run(RedisScript.PEEK, new byte[][] {hold.keys[0], hold.keys[2]}).thenCompose(r -> {
            List<?> peek = (List<?>) r;
            if (((Long) peek.get(0)) == 0L) {
                return create(claim, hold, tries);
            }
            String digest = string(peek.get(1));
            byte[] incarnation = (byte[]) peek.get(2);
            String creator = peek.size() > 4 ? string(peek.get(4)) : "";
            if (accounts == null && !creator.isEmpty() && maxSessionsPerAddress < Integer.MAX_VALUE) {
                hold.addressKey = keys.address(creator);
                hold.addressMember = member(claim.id(), incarnation);
            } else {
                hold.addressKey = null;
            }
            if (((Long) peek.get(3)) == 1L) {
                return CompletableFuture.completedFuture(Outcome.BUSY);
            }
            if (claim.hash() == null || digest.isEmpty()) {
                return CompletableFuture.completedFuture(Outcome.EXISTS);
            }
            // In accounts mode the account, checked in connect, is the password: one changed with 'user passwd'
            // resumes the session made with the old one (which no longer passes the account check).
            if (accounts == null && !SaltedDigest.decode(digest).matches(claim.hash())) {
                return CompletableFuture.completedFuture(Outcome.WRONG_HASH);
            }
            long sent = System.nanoTime();
            return link.run(RedisScript.RESUME, hold.keys, hold.token, incarnation, leaseMs, windowMs)
                    .thenCompose(v -> {
                        List<?> got = (List<?>) v;
                        return switch (((Long) got.get(0)).intValue()) {
                            case 1 -> CompletableFuture.completedFuture(bound(hold, sent, (List<?>) got.get(1),
                                    Outcome.RESUMED));
                            case 0 -> CompletableFuture.completedFuture(Outcome.BUSY);
                            default -> attempt(claim, hold, tries - 1);
                        };
                    });
        });
    }

    private CompletableFuture<Outcome> create(Claim claim, RedisHold hold, int tries) {
        byte[] incarnation = randomBytes(12);
        if (accounts != null || claim.address() == null || maxSessionsPerAddress == Integer.MAX_VALUE) {
            hold.addressKey = null;
            return bind(claim, hold, tries, incarnation);
        }
        byte[] addressKey = keys.address(claim.address());
        byte[] member = member(claim.id(), incarnation);
        return link.run(RedisScript.ADMIT, new byte[][] {addressKey}, member, ascii(maxSessionsPerAddress), ttlMs)
                .thenCompose(v -> {
                    if (((Long) v) != 1L) {
                        return CompletableFuture.completedFuture(Outcome.ADDRESS_FULL);
                    }
                    hold.addressKey = addressKey;
                    hold.addressMember = member;
                    return bind(claim, hold, tries, incarnation).thenCompose(o -> {
                        if (o == Outcome.CREATED) {
                            return CompletableFuture.completedFuture(o);
                        }
                        // Not this creation after all: it no longer counts against the address.
                        return link.run(RedisScript.ADDRESS, new byte[][] {addressKey}, member, ttlMs, DROP)
                                .handle((x, e) -> o);
                    });
                });
    }

    private CompletableFuture<Outcome> bind(Claim claim, RedisHold hold, int tries, byte[] incarnation) {
        String digest = claim.hash() == null ? "" : SaltedDigest.of(claim.hash()).encode();
        String creator = claim.address() == null ? "" : claim.address();
        long sent = System.nanoTime();
        return link.run(RedisScript.CREATE, hold.keys, hold.token, utf8(digest), utf8(creator),
                        incarnation, leaseMs, windowMs)
                .thenCompose(v -> ((Long) v) == 1L
                        ? CompletableFuture.completedFuture(bound(hold, sent, List.of(), Outcome.CREATED))
                        : attempt(claim, hold, tries - 1));
    }

    private static byte[] member(String id, byte[] incarnation) {
        return utf8(id + ":" + HexFormat.of().formatHex(incarnation));
    }

    /** Stops counting {@code h}'s session against its creating address (it was erased). */
    private void uncount(RedisHold h) {
        if (h.addressKey != null) {
            link.run(RedisScript.ADDRESS, new byte[][] {h.addressKey}, h.addressMember, ttlMs, DROP);
        }
    }

    /** The bind script took the lease (asked for at {@code sent}): the node takes its copy of the data. */
    private Outcome bound(RedisHold hold, long sent, List<?> data, Outcome outcome) {
        hold.confirmed(sent + heldNanos);
        if (!hold.init(data)) {
            // Bound but nowhere to keep it: give the session back at once, as a connection that ended would.
            hold.end((byte) 'R');
            return Outcome.NO_MEMORY;
        }
        return outcome;
    }

    @Override
    public CompletionStage<Stored> put(Hold hold, String key, byte[] value) {
        return ((RedisHold) hold).put(key, value);
    }

    @Override
    public CompletionStage<byte[]> get(Hold hold, String key) {
        return ((RedisHold) hold).get(key);
    }

    @Override
    public CompletionStage<Boolean> delete(Hold hold, String key) {
        return ((RedisHold) hold).delete(key);
    }

    @Override
    public CompletionStage<Void> erase(Hold hold) {
        RedisHold h = (RedisHold) hold;
        holds.remove(h);
        return h.end((byte) 'E').thenApply(done -> {
            if (done) {
                uncount(h);
            }
            return null;
        });
    }

    @Override
    public void release(Hold hold) {
        RedisHold h = (RedisHold) hold;
        if (!holds.remove(h)) {
            return;
        }
        h.end((byte) 'R').whenComplete((done, e) -> {
            if (e == null && done && h.endsWithConnection) {
                uncount(h);
            }
            if (e != null) {
                // The lease lapses by itself: the session is resumable elsewhere within the lease.
                LOG.debug("kv: releasing session {} failed: {}", h.id, e.toString());
            }
        });
    }

    /** Renews every lease this node holds; a refused token marks its binding lost. */
    private void renewAll() {
        for (RedisHold h : holds) {
            if (h.lost) {
                continue;
            }
            long sent = System.nanoTime();
            link.run(RedisScript.RENEW, h.keys, h.token, leaseMs, windowMs).whenComplete((v, e) -> {
                if (e == null && ((Long) v) == 1L) {
                    h.confirmed(sent + heldNanos);
                    if (h.addressKey != null) {
                        link.run(RedisScript.ADDRESS, new byte[][] {h.addressKey}, h.addressMember, ttlMs, KEEP);
                    }
                } else if (e == null) {
                    lost(h);
                }
            });
        }
    }

    private void lost(RedisHold h) {
        if (!h.lost) {
            h.lost();
            holds.remove(h);
            LOG.warn("kv: the lease on session {} lapsed (this node was paused or cut off longer than {} ms): "
                    + "its connection here can no longer change it", h.id, config.lease().toMillis());
        }
    }

    /** Redis expires detached sessions itself (the resume window is their keys' expiry): nothing to do here. */
    @Override
    public int expire() {
        return 0;
    }

    /** Sessions bound on this node (the rest are Redis's to count). */
    @Override
    public int sessions() {
        return holds.size();
    }

    @Override
    public int bound() {
        return holds.size();
    }

    /** Detached sessions wait in Redis, not on a node: 0 here. */
    @Override
    public int detached() {
        return 0;
    }

    @Override
    public MemoryBudget budget() {
        return budget;
    }

    /** Releases what is still bound here (its sessions wait for their clients), then closes the connection. */
    @Override
    public void close() {
        renewer.shutdownNow();
        List<CompletableFuture<Boolean>> releases = holds.stream()
                .filter(h -> !h.lost)
                .map(h -> h.end((byte) 'R').toCompletableFuture())
                .toList();
        holds.clear();
        try {
            CompletableFuture.allOf(releases.toArray(CompletableFuture[]::new))
                    .get(config.timeout().toMillis() + 500, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.debug("kv: releasing sessions at close", e);
        }
        link.close();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] ascii(long n) {
        return Long.toString(n).getBytes(StandardCharsets.US_ASCII);
    }

    private static String string(Object o) {
        return o == null ? "" : new String((byte[]) o, StandardCharsets.UTF_8);
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
