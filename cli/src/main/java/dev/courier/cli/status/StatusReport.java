package dev.courier.cli.status;

import java.util.Locale;

/** The one-screen summary {@code courier status} prints, from two scrapes {@code seconds} apart. */
final class StatusReport {
    private static final String[] KV_VERBS = {"CONNECT", "PUT", "GET", "DELETE", "DISCONNECT"};
    private static final String[] MAIL_COMMANDS = {"login", "email", "count", "dump", "getmsg", "delmsg", "logoff"};

    private final PromText before;
    private final PromText now;
    private final double seconds;
    private final StringBuilder out = new StringBuilder();

    private StatusReport(PromText before, PromText now, double seconds) {
        this.before = before;
        this.now = now;
        this.seconds = seconds;
    }

    /** The summary of {@code now}; rates are over the {@code seconds} since {@code before} (null: no rates). */
    static String of(String url, PromText before, PromText now, double seconds) {
        StatusReport r = new StatusReport(before, now, seconds);
        r.header(url);
        r.kv();
        r.mail();
        r.transfer();
        return r.out.toString();
    }

    private void header(String url) {
        line("courier at %s: up %s%s", url, duration(now.sum("process_uptime_seconds")),
                before == null ? "" : String.format(Locale.ROOT, " (rates over %.1f s)", seconds));
        double used = now.sum("courier_memory_budget_used_bytes", "service", "all");
        double limit = now.sum("courier_memory_budget_limit_bytes", "service", "all");
        line("memory    budget %s of %s (%.0f%%), heap %s used", size(used), size(limit),
                limit > 0 ? 100 * used / limit : 0, size(now.sum("jvm_memory_used_bytes", "area", "heap")));
    }

    private void kv() {
        if (!now.has("courier_kv_commands_total")) {
            return;
        }
        line("kv        %s; sessions %.0f bound, %.0f detached; %.0f violations", connections("kv"),
                now.sum("courier_kv_sessions", "state", "bound"), now.sum("courier_kv_sessions", "state", "detached"),
                now.sum("courier_kv_violations_total"));
        line("          %-10s %10s %10s %8s %10s", "verb", "req/s", "total", "errors", "p99");
        for (String verb : KV_VERBS) {
            String metric = "courier_kv_commands_total";
            line("          %-10s %10s %10.0f %8.0f %10s", verb, rate(metric, "verb", verb), now.sum(metric, "verb", verb),
                    now.sum(metric, "verb", verb, "result", "error"),
                    bound(now.quantileBound("courier_kv_command_seconds", 0.99, "verb", verb)));
        }
    }

    private void mail() {
        if (!now.has("courier_mail_commands_total")) {
            return;
        }
        line("mail      %s; %.0f sessions; %.0f checksum KOs; logins %.0f ok, %.0f refused; commit p99 %s",
                connections("mail"), now.sum("courier_mail_sessions"), now.sum("courier_mail_checksum_failures_total"),
                now.sum("courier_mail_logins_total", "result", "ok"),
                now.sum("courier_mail_logins_total") - now.sum("courier_mail_logins_total", "result", "ok"),
                bound(now.quantileBound("courier_mail_store_commit_seconds", 0.99)));
        line("          %-10s %10s %10s %8s", "command", "req/s", "total", "errors");
        for (String c : MAIL_COMMANDS) {
            String metric = "courier_mail_commands_total";
            line("          %-10s %10s %10.0f %8.0f", c, rate(metric, "command", c), now.sum(metric, "command", c),
                    now.sum(metric, "command", c, "result", "error"));
        }
    }

    private void transfer() {
        if (!now.has("courier_transfer_messages_total")) {
            return;
        }
        line("transfer  %s; messages %.0f delivered (%s/s), %.0f refused; %s received; NACK1 %.0f, NACK2 %.0f; "
                        + "%.0f in flight", connections("transfer"),
                now.sum("courier_transfer_messages_total", "result", "ok"),
                rate("courier_transfer_messages_total", "result", "ok"),
                now.sum("courier_transfer_messages_total", "result", "error"),
                size(now.sum("courier_transfer_bytes_total")),
                now.sum("courier_transfer_nacks_total", "type", "NACK1"),
                now.sum("courier_transfer_nacks_total", "type", "NACK2"), now.sum("courier_transfer_in_flight"));
    }

    private String connections(String service) {
        return String.format(Locale.ROOT, "%.0f connections open (%.0f accepted, %.0f refused, %.0f TLS failures)",
                now.sum("courier_connections_open", "service", service),
                now.sum("courier_connections_accepted_total", "service", service),
                now.sum("courier_connections_refused_total", "service", service),
                now.sum("courier_tls_handshakes_total", "service", service)
                        - now.sum("courier_tls_handshakes_total", "service", service, "result", "ok"));
    }

    /** Per second between the scrapes, or "-" without a first scrape. */
    private String rate(String metric, String... pairs) {
        if (before == null || seconds <= 0) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.1f", (now.sum(metric, pairs) - before.sum(metric, pairs)) / seconds);
    }

    private static String bound(double seconds) {
        if (Double.isNaN(seconds)) {
            return "-";
        }
        if (Double.isInfinite(seconds)) {
            return "> 10 s";
        }
        return seconds < 1 ? String.format(Locale.ROOT, "<= %s ms", trim(seconds * 1000))
                : String.format(Locale.ROOT, "<= %s s", trim(seconds));
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%s", v);
    }

    private static String size(double bytes) {
        if (bytes < 1024) {
            return String.format(Locale.ROOT, "%.0f B", bytes);
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes / 1024;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    private static String duration(double seconds) {
        long s = (long) seconds;
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
    }

    private void line(String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
