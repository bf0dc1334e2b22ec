package dev.courier.conformance;

/** A case that cannot run against this server (and why): counted as skipped, not failed. */
public final class CaseSkipped extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Skipped because {@code why}. */
    public CaseSkipped(String why) {
        super(why, null, false, false);
    }
}
