package dev.courier.conformance;

/**
 * One rule of a spec as a check: its name (the rule it checks), the section it comes from, whether it needs more
 * than one connection at a time (a single-threaded teaching server fails those, and is told so), and the check.
 */
public record Case(String name, String section, boolean concurrent, Body body) {
    /** The check: returns when the server follows the rule; throws {@link CaseFailure} or {@link CaseSkipped}. */
    @FunctionalInterface
    public interface Body {
        void run(Target target) throws Exception;
    }

    /** A case on one connection at a time. */
    public static Case of(String name, String section, Body body) {
        return new Case(name, section, false, body);
    }

    /** A case whose rule is about concurrent connections. */
    public static Case concurrent(String name, String section, Body body) {
        return new Case(name, section, true, body);
    }
}
