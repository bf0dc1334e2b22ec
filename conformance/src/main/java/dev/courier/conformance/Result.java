package dev.courier.conformance;

/** How one case went: PASS, FAIL with the failure, or SKIP with why; and how long it took. */
public record Result(Case kase, Status status, String why, CaseFailure failure, long millis) {
    /** A case's verdict. */
    public enum Status { PASS, FAIL, SKIP }
}
