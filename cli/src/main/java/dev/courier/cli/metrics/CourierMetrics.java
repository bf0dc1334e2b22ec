package dev.courier.cli.metrics;

import dev.courier.cli.serve.Services;
import dev.courier.core.budget.MemoryBudget;
import dev.courier.core.net.ConnectionLimiter;
import dev.courier.core.tls.TlsHandshakes;
import dev.courier.kv.server.KvServer;
import dev.courier.kv.server.KvStats;
import dev.courier.mail.MailStats;
import dev.courier.mail.server.MailServer;
import dev.courier.transfer.TransferMessage;
import dev.courier.transfer.server.TransferServer;
import dev.courier.transfer.server.TransferStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.netty4.NettyAllocatorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;

/**
 * The Prometheus registry of one {@code courier serve}: binds the counters the services keep (plain
 * {@link LongAdder}s and histograms, no Micrometer in the service modules) as function counters and gauges, read
 * only at scrape time, so that counting costs the request path nothing more than an add.
 */
public final class CourierMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final LatencyCollector latency = new LatencyCollector();
    private final JvmGcMetrics gc = new JvmGcMetrics();

    /** Binds every running service of {@code services}, the memory {@code budget} (may be null) and the JVM. */
    public CourierMetrics(Services services, MemoryBudget budget) {
        // Names Prometheus's linter (promtool check metrics) objects to, each with another series of the same
        // figure beside it: process_cpu_usage, and the CPU count a deployment knows anyway.
        registry.config().meterFilter(MeterFilter.denyNameStartsWith("process.cpu.time"))
                .meterFilter(MeterFilter.denyNameStartsWith("system.cpu.count"))
                .meterFilter(new MeterFilter() {
                    @Override
                    public Meter.Id map(Meter.Id id) {
                        // Micrometer's Netty binder gives no help text; Prometheus wants one for every family.
                        return id.getDescription() == null && id.getName().startsWith("netty.")
                                ? new Meter.Id(id.getName(), Tags.of(id.getTags()), id.getBaseUnit(),
                                        "Netty's buffer allocator: " + id.getName().replace('.', ' '), id.getType())
                                : id;
                    }
                });
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        if (ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider p) {
            new NettyAllocatorMetrics(p).bindTo(registry);
        }
        if (budget != null) {
            budget(budget, null);
        }
        if (services.kv() != null) {
            kv(services.kv());
        }
        if (services.mail() != null) {
            mail(services.mail());
        }
        if (services.transfer() != null) {
            transfer(services.transfer());
        }
        registry.getPrometheusRegistry().register(latency);
    }

    /** The registry (for tests and further binders). */
    public MeterRegistry registry() {
        return registry;
    }

    /** Every metric in the Prometheus text format. */
    public String scrape() {
        return registry.scrape();
    }

    private void kv(KvServer kv) {
        KvStats s = kv.stats();
        connections("kv", kv.connectionLimiter(), s.connections, s.timeouts);
        handshakes("kv", s.handshakes);
        counter("courier.kv.throttled", "CONNECTs refused unchecked by the login throttle", s.throttled);
        for (KvStats.Verb verb : KvStats.Verb.values()) {
            for (boolean ok : new boolean[] {true, false}) {
                FunctionCounter.builder("courier.kv.commands", s, x -> x.replies(verb, ok))
                        .description("KV requests answered, by verb and result (result=error: the ERROR reply)")
                        .tags("verb", verb.name(), "result", ok ? "ok" : "error").register(registry);
            }
            latency.add("courier_kv_command_seconds", "Time from a KV request's decoding to its answer",
                    s.latency.get(verb), "verb", verb.name());
        }
        Gauge.builder("courier.kv.sessions", kv.store(), st -> st.bound())
                .description("KV sessions, bound to a connection or detached (resumable)")
                .tags("state", "bound").register(registry);
        Gauge.builder("courier.kv.sessions", kv.store(), st -> st.detached())
                .description("KV sessions, bound to a connection or detached (resumable)")
                .tags("state", "detached").register(registry);
        for (KvStats.ViolationReason r : KvStats.ViolationReason.values()) {
            FunctionCounter.builder("courier.kv.violations", s.violationsByReason[r.ordinal()], LongAdder::sum)
                    .description("KV connections dropped for a protocol violation (their session erased), by reason")
                    .tags("reason", label(r)).register(registry);
        }
        if (kv.config().budget() != null) {
            budget(kv.config().budget(), "kv");
        }
    }

    private void mail(MailServer mail) {
        MailStats s = mail.stats();
        connections("mail", mail.limiter(), s.connections, s.timeouts);
        if (!mail.config().plaintext()) {
            handshakes("mail", s.handshakes);
        }
        for (MailStats.Command c : MailStats.Command.values()) {
            for (boolean ok : new boolean[] {true, false}) {
                FunctionCounter.builder("courier.mail.commands", s, x -> x.answered(c, ok))
                        .description("Mail commands answered, by command and result (result=error: ERR)")
                        .tags("command", label(c), "result", ok ? "ok" : "error").register(registry);
            }
        }
        counter("courier.mail.checksum.failures", "Mail requests answered KO for a bad checksum",
                s.checksumFailures);
        FunctionCounter.builder("courier.mail.logins", s.loginsOk, LongAdder::sum)
                .description("Mail logins, by result").tags("result", "ok").register(registry);
        FunctionCounter.builder("courier.mail.logins", s, x -> x.loginsRefused.sum() - x.throttled.sum())
                .description("Mail logins, by result").tags("result", "refused").register(registry);
        FunctionCounter.builder("courier.mail.logins", s.throttled, LongAdder::sum)
                .description("Mail logins, by result").tags("result", "throttled").register(registry);
        counter("courier.mail.throttled", "Mail logins refused unchecked by the login throttle", s.throttled);
        counter("courier.mail.messages.sent", "Mail messages committed", s.sent);
        counter("courier.mail.internal.errors", "Mail answers ERR:internal", s.internalErrors);
        limit("mail", "line_length", s.tooLong);
        limit("mail", "memory", s.memoryRefused);
        limit("mail", "login_timeout", s.loginTimeouts);
        FunctionCounter.builder("courier.limit.refusals", s, x -> x.limited.sum() - x.tooLong.sum()
                        - x.memoryRefused.sum())
                .description("Requests refused or connections closed by a limit, by service and limit")
                .tags("service", "mail", "limit", "other").register(registry);
        gauge("courier.mail.sessions", "Mail sessions open", mail.sessions(), x -> x.size());
        gauge("courier.mail.store.pending.sends", "Mail messages waiting for a commit", mail.store(),
                x -> x.pendingSends());
        latency.add("courier_mail_store_commit_seconds", "Time of one mail delivery transaction, commit included",
                mail.store().commitLatency());
        if (mail.config().budget() != null) {
            budget(mail.config().budget(), "mail");
        }
    }

    private void transfer(TransferServer t) {
        TransferStats s = t.stats();
        connections("transfer", t.connectionLimiter(), s.connections, s.timeouts);
        if (t.config().tls()) {
            handshakes("transfer", s.handshakes);
        }
        for (TransferMessage.Kind kind : TransferMessage.Kind.values()) {
            FunctionCounter.builder("courier.transfer.messages", s, x -> x.delivered(kind))
                    .description("Transfer messages, by kind and result; a refused message's kind is unknown "
                            + "(it is in the trailer, which a refusal comes before)")
                    .tags("kind", label(kind), "result", "ok").register(registry);
        }
        FunctionCounter.builder("courier.transfer.messages", s.refused, LongAdder::sum)
                .description("Transfer messages, by kind and result; a refused message's kind is unknown "
                        + "(it is in the trailer, which a refusal comes before)")
                .tags("kind", "unknown", "result", "error").register(registry);
        counter("courier.transfer.bytes", "Body bytes of the transfer messages delivered", s.bytes);
        FunctionCounter.builder("courier.transfer.nacks", s.nack1, LongAdder::sum)
                .description("Transfer NACKs: NACK1 a chunk's CRC-32 failed, NACK2 a body's SHA-256")
                .tags("type", "NACK1").register(registry);
        FunctionCounter.builder("courier.transfer.nacks", s.nack2, LongAdder::sum)
                .description("Transfer NACKs: NACK1 a chunk's CRC-32 failed, NACK2 a body's SHA-256")
                .tags("type", "NACK2").register(registry);
        gauge("courier.transfer.in.flight", "Transfer messages being received now", s.inFlight, LongAdder::sum);
        counter("courier.transfer.violations", "Transfer connections closed after a protocol violation",
                s.violations);
        counter("courier.transfer.spills", "Transfer bodies moved from memory to disk by the memory budget",
                s.spills);
        counter("courier.transfer.resumes", "Transfer files resumed from a partial kept after a cut", s.resumes);
        counter("courier.transfer.trees", "Transfer folder trees placed (TREE)", s.trees);
        counter("courier.transfer.auth.refused", "Transfer senders refused by authentication: a bad or missing "
                + "token, a lock-out, or a refused client certificate", s.authRefused);
        if (t.config().budget() != null) {
            budget(t.config().budget(), "transfer");
        }
    }

    /** Open, accepted, refused (by limit) and timed-out connections of {@code service}. */
    private void connections(String service, ConnectionLimiter limiter, LongAdder accepted, LongAdder timeouts) {
        Gauge.builder("courier.connections.open", limiter, ConnectionLimiter::open)
                .description("Connections open now, by service").tags("service", service).register(registry);
        FunctionCounter.builder("courier.connections.accepted", accepted, LongAdder::sum)
                .description("Connections accepted within the limits, by service").tags("service", service)
                .register(registry);
        FunctionCounter.builder("courier.connections.refused", limiter, ConnectionLimiter::refusedTotal)
                .description("Connections refused, by service and the limit that refused them")
                .tags("service", service, "reason", "max_connections").register(registry);
        FunctionCounter.builder("courier.connections.refused", limiter, ConnectionLimiter::refusedPerAddress)
                .description("Connections refused, by service and the limit that refused them")
                .tags("service", service, "reason", "max_connections_per_address").register(registry);
        FunctionCounter.builder("courier.connections.timeouts", timeouts, LongAdder::sum)
                .description("Connections closed for idleness or a missed deadline, by service")
                .tags("service", service).register(registry);
    }

    /** TLS handshakes of {@code service}'s listener by result (ok, timeout, error) and, when ok, protocol. */
    private void handshakes(String service, TlsHandshakes h) {
        String help = "TLS handshakes, by service, result and protocol (unknown when the handshake failed)";
        for (String protocol : TlsHandshakes.PROTOCOLS) {
            FunctionCounter.builder("courier.tls.handshakes", h, x -> x.ok(protocol)).description(help)
                    .tags("service", service, "result", "ok", "protocol", protocol).register(registry);
        }
        FunctionCounter.builder("courier.tls.handshakes", h, x -> x.ok(TlsHandshakes.OTHER)).description(help)
                .tags("service", service, "result", "ok", "protocol", TlsHandshakes.OTHER).register(registry);
        FunctionCounter.builder("courier.tls.handshakes", h, TlsHandshakes::timedOut).description(help)
                .tags("service", service, "result", "timeout", "protocol", "unknown").register(registry);
        FunctionCounter.builder("courier.tls.handshakes", h, TlsHandshakes::failed).description(help)
                .tags("service", service, "result", "error", "protocol", "unknown").register(registry);
    }

    /** Use, limit and refusals of the whole budget ({@code service} null) or of one service's share. */
    private void budget(MemoryBudget b, String service) {
        String[] tags = service == null ? new String[] {"service", "all"} : new String[] {"service", service};
        Gauge.builder("courier.memory.budget.used.bytes", b, MemoryBudget::used)
                .description("Bytes charged to the memory budget (--max-memory), in all or by service's share")
                .tags(tags).register(registry);
        Gauge.builder("courier.memory.budget.limit.bytes", b, MemoryBudget::limit)
                .description("The memory budget (--max-memory), in all or by service's share").tags(tags)
                .register(registry);
        FunctionCounter.builder("courier.memory.budget.refused", b, MemoryBudget::refused)
                .description("Charges the memory budget refused, in all or by service's share").tags(tags)
                .register(registry);
    }

    private void limit(String service, String limit, LongAdder n) {
        FunctionCounter.builder("courier.limit.refusals", n, LongAdder::sum)
                .description("Requests refused or connections closed by a limit, by service and limit")
                .tags("service", service, "limit", limit).register(registry);
    }

    private void counter(String name, String help, LongAdder n) {
        FunctionCounter.builder(name, n, LongAdder::sum).description(help).register(registry);
    }

    private <T> void gauge(String name, String help, T obj, ToDoubleFunction<T> f) {
        Gauge.builder(name, obj, f).description(help).register(registry);
    }

    private static String label(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
