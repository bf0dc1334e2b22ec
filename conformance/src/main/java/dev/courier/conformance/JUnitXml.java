package dev.courier.conformance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The results as a JUnit XML report, for a teacher's CI to show. */
public final class JUnitXml {
    private JUnitXml() {
    }

    /** Writes {@code results} to {@code file} as one test suite named {@code suite}. */
    public static void write(Path file, String suite, List<Result> results) throws IOException {
        long failures = results.stream().filter(r -> r.status() == Result.Status.FAIL).count();
        long skipped = results.stream().filter(r -> r.status() == Result.Status.SKIP).count();
        double seconds = results.stream().mapToLong(Result::millis).sum() / 1000.0;
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        b.append("<testsuite name=\"").append(attr(suite)).append("\" tests=\"").append(results.size())
                .append("\" failures=\"").append(failures).append("\" errors=\"0\" skipped=\"").append(skipped)
                .append("\" time=\"").append(seconds).append("\">\n");
        for (Result r : results) {
            b.append("  <testcase classname=\"").append(attr(r.kase().section())).append("\" name=\"")
                    .append(attr(r.kase().name())).append("\" time=\"").append(r.millis() / 1000.0).append('"');
            if (r.status() == Result.Status.PASS) {
                b.append("/>\n");
                continue;
            }
            b.append(">\n");
            if (r.status() == Result.Status.SKIP) {
                b.append("    <skipped message=\"").append(attr(r.why())).append("\"/>\n");
            } else {
                b.append("    <failure message=\"").append(attr(r.why())).append("\">")
                        .append(attr("sent:     " + Bytes.show(r.failure().sent()) + "\nexpected: "
                                + r.failure().expected() + "\nreceived: " + r.failure().received()))
                        .append("</failure>\n");
            }
            b.append("  </testcase>\n");
        }
        b.append("</testsuite>\n");
        Files.writeString(file, b.toString(), StandardCharsets.UTF_8);
    }

    private static String attr(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\n' -> b.append("&#10;");
                default -> b.append(c < 0x20 ? ' ' : c);
            }
        }
        return b.toString();
    }
}
