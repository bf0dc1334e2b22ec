package dev.courier.cli.status;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One scrape in the Prometheus text format, parsed into samples: enough of the format for what
 * {@code courier serve} writes (no escapes in label values beyond {@code \"} and {@code \\}, no timestamps needed).
 */
final class PromText {
    /** One line: a name, its labels and its value. */
    record Sample(String name, Map<String, String> labels, double value) {
    }

    private final Map<String, List<Sample>> byName = new LinkedHashMap<>();

    private PromText() {
    }

    /** Parses {@code text}; lines it cannot read are skipped. */
    static PromText parse(String text) {
        PromText p = new PromText();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Sample s = sample(line.strip());
            if (s != null) {
                p.byName.computeIfAbsent(s.name(), n -> new ArrayList<>()).add(s);
            }
        }
        return p;
    }

    private static Sample sample(String line) {
        int brace = line.indexOf('{');
        int close = brace < 0 ? -1 : line.lastIndexOf('}');
        int valueAt = (close < 0 ? line.indexOf(' ') : line.indexOf(' ', close)) + 1;
        if (valueAt <= 0) {
            return null;
        }
        String name = brace < 0 ? line.substring(0, valueAt - 1) : line.substring(0, brace);
        Map<String, String> labels = brace < 0 ? Map.of() : labels(line.substring(brace + 1, close));
        String value = line.substring(valueAt).strip().split(" ")[0];
        try {
            return new Sample(name, labels, Double.parseDouble(value.replace("+Inf", "Infinity")));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Map<String, String> labels(String inner) {
        Map<String, String> out = new LinkedHashMap<>();
        int i = 0;
        while (i < inner.length()) {
            int eq = inner.indexOf('=', i);
            if (eq < 0 || eq + 1 >= inner.length() || inner.charAt(eq + 1) != '"') {
                break;
            }
            StringBuilder v = new StringBuilder();
            int j = eq + 2;
            while (j < inner.length() && inner.charAt(j) != '"') {
                char c = inner.charAt(j);
                if (c == '\\' && j + 1 < inner.length()) {
                    j++;
                    c = inner.charAt(j) == 'n' ? '\n' : inner.charAt(j);
                }
                v.append(c);
                j++;
            }
            out.put(inner.substring(i, eq).strip(), v.toString());
            i = j + 1;
            while (i < inner.length() && (inner.charAt(i) == ',' || inner.charAt(i) == ' ')) {
                i++;
            }
        }
        return out;
    }

    /** The samples named {@code name} (empty if none). */
    List<Sample> samples(String name) {
        return byName.getOrDefault(name, List.of());
    }

    /** Whether any sample is named {@code name}. */
    boolean has(String name) {
        return byName.containsKey(name);
    }

    /** The sum of the samples named {@code name} whose labels include {@code pairs} (name, value, ...); 0 if none. */
    double sum(String name, String... pairs) {
        double total = 0;
        for (Sample s : samples(name)) {
            if (matches(s, pairs)) {
                total += s.value();
            }
        }
        return total;
    }

    /**
     * The upper bound of the bucket in which the {@code q} quantile of histogram {@code name} falls, for the series
     * with {@code pairs}; NaN when it has no observations.
     */
    double quantileBound(String name, double q, String... pairs) {
        double total = 0;
        List<double[]> buckets = new ArrayList<>();
        for (Sample s : samples(name + "_bucket")) {
            if (matches(s, pairs) && s.labels().containsKey("le")) {
                double le = Double.parseDouble(s.labels().get("le").replace("+Inf", "Infinity"));
                buckets.add(new double[] {le, s.value()});
                if (Double.isInfinite(le)) {
                    total = s.value();
                }
            }
        }
        if (total <= 0) {
            return Double.NaN;
        }
        buckets.sort((a, b) -> Double.compare(a[0], b[0]));
        for (double[] b : buckets) {
            if (b[1] >= q * total) {
                return b[0];
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    private static boolean matches(Sample s, String... pairs) {
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            if (!pairs[i + 1].equals(s.labels().get(pairs[i]))) {
                return false;
            }
        }
        return true;
    }
}
