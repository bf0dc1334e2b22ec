package dev.courier.conformance;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Runs cases one after the other against a target and prints each verdict as it comes: {@code PASS name
 * (section)}, {@code FAIL ...} with what was sent, expected and received, {@code SKIP ...} with why; then
 * {@code N passed, N failed, N skipped}.
 */
public final class Runner {
    private Runner() {
    }

    /** Runs the {@code cases} that {@code selected} accepts, printing to {@code out}. */
    public static List<Result> run(List<Case> cases, Target target, Predicate<String> selected, PrintStream out) {
        List<Result> results = new ArrayList<>();
        for (Case c : cases) {
            if (!selected.test(c.name())) {
                continue;
            }
            Result r = runOne(c, target);
            results.add(r);
            print(r, out);
        }
        out.println(summary(results));
        out.flush();
        return results;
    }

    private static Result runOne(Case c, Target target) {
        long start = System.nanoTime();
        try {
            c.body().run(target);
            return new Result(c, Result.Status.PASS, null, null, millis(start));
        } catch (CaseSkipped s) {
            return new Result(c, Result.Status.SKIP, s.getMessage(), null, millis(start));
        } catch (CaseFailure f) {
            String why = f.getMessage() + (c.concurrent() ? " (this rule needs two connections at once: a server"
                    + " that serves one client at a time fails it)" : "");
            return new Result(c, Result.Status.FAIL, why, f, millis(start));
        } catch (IOException e) {
            String why = "the connection failed: " + e.getMessage();
            return new Result(c, Result.Status.FAIL, why, new CaseFailure(why, null, "(a working connection)",
                    e.getClass().getSimpleName()), millis(start));
        } catch (Exception e) {
            String why = "the case could not run: " + e;
            return new Result(c, Result.Status.FAIL, why, new CaseFailure(why, null, "-", "-"), millis(start));
        }
    }

    private static long millis(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static void print(Result r, PrintStream out) {
        out.printf("%-4s  %s  (%s)%n", r.status(), r.kase().name(), r.kase().section());
        if (r.status() == Result.Status.SKIP) {
            out.println("      " + r.why());
        } else if (r.status() == Result.Status.FAIL) {
            out.println("      " + r.why());
            out.println("      sent:     " + Bytes.show(r.failure().sent()));
            out.println("      expected: " + r.failure().expected());
            out.println("      received: " + r.failure().received());
        }
    }

    /** {@code N passed, N failed, N skipped}. */
    public static String summary(List<Result> results) {
        long pass = results.stream().filter(r -> r.status() == Result.Status.PASS).count();
        long fail = results.stream().filter(r -> r.status() == Result.Status.FAIL).count();
        long skip = results.stream().filter(r -> r.status() == Result.Status.SKIP).count();
        return pass + " passed, " + fail + " failed, " + skip + " skipped";
    }

    /**
     * Accepts a case name matching one of {@code only} (all when empty) and none of {@code skip}; patterns are
     * comma-separated names with {@code *} wildcards ({@code kv.violations.*}).
     */
    public static Predicate<String> select(List<String> only, List<String> skip) {
        List<Pattern> in = patterns(only);
        List<Pattern> out = patterns(skip);
        return name -> (in.isEmpty() || in.stream().anyMatch(p -> p.matcher(name).matches()))
                && out.stream().noneMatch(p -> p.matcher(name).matches());
    }

    private static List<Pattern> patterns(List<String> globs) {
        List<Pattern> ps = new ArrayList<>();
        for (String g : globs) {
            for (String one : g.split(",")) {
                if (!one.isBlank()) {
                    ps.add(Pattern.compile(Pattern.quote(one.trim()).replace("*", "\\E.*\\Q")));
                }
            }
        }
        return ps;
    }
}
