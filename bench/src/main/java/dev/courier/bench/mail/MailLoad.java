package dev.courier.bench.mail;

import dev.courier.core.net.Transport;
import dev.courier.mail.client.MailAsyncClient;
import dev.courier.mail.client.MailClientConfig;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Drives a running mail server with many connections sending mail, on a few event loops of its own. Connection i
 * logs in as account {@code i mod n} and writes to the next account, so every mailbox receives.
 */
public final class MailLoad implements AutoCloseable {
    /** Time allowed to connect and log in every client, and for the last answers after the window. */
    public static final Duration SETUP_TIMEOUT = Duration.ofSeconds(120);

    /** An account the load logs in as. */
    public record Account(String name, String password) {
    }

    private final MailClientConfig config;
    private final SslContext ssl;
    private final EventLoopGroup group;

    /**
     * A load for the server {@code config} names.
     *
     * @param ssl     the client TLS context, or null for clear text
     * @param threads event loop threads of the generator
     */
    public MailLoad(MailClientConfig config, SslContext ssl, int threads) {
        this.config = config;
        this.ssl = ssl;
        this.group = Transport.best().newGroup(threads, "bench-mail");
    }

    /** Connects and logs in every client, sends for the warm-up and the window, then deletes what it sent. */
    public MailLoadResult run(MailLoadSpec spec, List<Account> accounts, boolean cleanUp) throws Exception {
        List<MailAsyncClient> clients = connect(spec.clients(), accounts);
        try {
            String body = "x".repeat(spec.bodyBytes());
            ConcurrentHashMap<String, Long> errors = new ConcurrentHashMap<>();
            MailWorker.Window window = new MailWorker.Window();
            List<MailWorker> workers = new ArrayList<>();
            for (int i = 0; i < clients.size(); i++) {
                String to = accounts.get((i + 1) % accounts.size()).name();
                workers.add(new MailWorker(clients.get(i), to, body, window, errors));
            }
            long t0 = System.nanoTime();
            window.start = t0 + spec.warmup().toNanos();
            window.end = window.start + spec.duration().toNanos();
            for (MailWorker w : workers) {
                w.client().channel().eventLoop().execute(() -> w.start(spec.pipeline()));
            }
            Thread.sleep(Math.max(0, (window.end - System.nanoTime()) / 1_000_000));
            CompletableFuture.allOf(workers.stream().map(MailWorker::finished).toArray(CompletableFuture[]::new))
                    .get(SETUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            Histogram h = new Histogram(3_600_000_000L, 3);
            long acked = 0;
            long errReplies = 0;
            long failures = 0;
            for (MailWorker w : workers) {
                h.add(w.histogram());
                acked += w.acked();
                errReplies += w.errReplies();
                failures += w.failed() ? 1 : 0;
            }
            if (cleanUp) {
                cleanUp(clients, accounts.size());
            }
            return new MailLoadResult(spec, acked, errReplies, failures, window.end - window.start, h,
                    new LinkedHashMap<>(Map.copyOf(errors)));
        } finally {
            for (MailAsyncClient c : clients) {
                c.close();
            }
        }
    }

    private List<MailAsyncClient> connect(int n, List<Account> accounts) throws Exception {
        List<CompletableFuture<MailAsyncClient>> pending = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Account a = accounts.get(i % accounts.size());
            pending.add(MailAsyncClient.connect(config, ssl, group)
                    .thenCompose(c -> c.login(a.name(), a.password()).thenApply(sid -> c)));
        }
        List<MailAsyncClient> clients = new ArrayList<>();
        Exception first = null;
        for (CompletableFuture<MailAsyncClient> f : pending) {
            try {
                clients.add(f.get(SETUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
            } catch (Exception e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            clients.forEach(MailAsyncClient::close);
            throw first;
        }
        return clients;
    }

    /** Each account's first connection deletes the benchmark's messages from its inbox. */
    private static void cleanUp(List<MailAsyncClient> clients, int accounts) throws Exception {
        List<CompletableFuture<Integer>> deletes = new ArrayList<>();
        for (int i = 0; i < Math.min(accounts, clients.size()); i++) {
            deletes.add(clients.get(i).deleteBySubject(MailLoadSpec.SUBJECT).exceptionally(e -> 0));
        }
        CompletableFuture.allOf(deletes.toArray(CompletableFuture[]::new))
                .get(SETUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
