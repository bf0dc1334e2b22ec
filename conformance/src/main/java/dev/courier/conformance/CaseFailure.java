package dev.courier.conformance;

/** A rule the server broke: what was sent, what the rule expects, and what came back. */
public final class CaseFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient byte[] sent;
    private final String expected;
    private final String received;

    /** The server answered {@code received} to {@code sent} where the rule expects {@code expected}. */
    public CaseFailure(String why, byte[] sent, String expected, String received) {
        super(why, null, false, false);
        this.sent = sent == null ? new byte[0] : sent.clone();
        this.expected = expected;
        this.received = received;
    }

    /** The bytes sent for the step that failed. */
    public byte[] sent() {
        return sent.clone();
    }

    /** What the rule expects, shown escaped. */
    public String expected() {
        return expected;
    }

    /** What came back, shown escaped (or "(closed)", "(nothing within 5 s)"). */
    public String received() {
        return received;
    }
}
