package dev.courier.mail.store;

/** The SQL databases the store speaks, and the few statements that differ between them. */
public enum Dialect {
    /** H2 2.x, embedded (file mode) or over its TCP server. */
    H2("SELECT NEXT VALUE FOR mail_message_id FROM SYSTEM_RANGE(1, ?)", "CHECKPOINT SYNC"),
    /** PostgreSQL. */
    POSTGRESQL("SELECT nextval('mail_message_id') FROM generate_series(1, ?)", null);

    private final String nextIds;
    private final String syncAfterCommit;

    Dialect(String nextIds, String syncAfterCommit) {
        this.nextIds = nextIds;
        this.syncAfterCommit = syncAfterCommit;
    }

    /** A query giving {@code ?} new message ids, one per row. */
    public String nextIds() {
        return nextIds;
    }

    /**
     * A statement that forces committed data to disk, or null when commit does so itself. H2 has no redo log: a
     * commit stays in memory until its background writer stores it; CHECKPOINT SYNC stores it now and fsyncs.
     * Group commit pays this once per batch.
     */
    public String syncAfterCommit() {
        return syncAfterCommit;
    }

    /** The dialect of a JDBC URL. */
    public static Dialect of(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:h2:")) {
            return H2;
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        throw new IllegalArgumentException("unsupported JDBC URL (use jdbc:postgresql://... or a data directory): "
                + jdbcUrl.replaceAll("password=[^&;]*", "password=***"));
    }
}
