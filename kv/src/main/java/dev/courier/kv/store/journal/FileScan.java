package dev.courier.kv.store.journal;

/**
 * What reading one journal or snapshot file found: its valid records, and where a torn tail or damage begins.
 *
 * @param file the file's name
 * @param size its size in bytes
 * @param records valid records read (a snapshot's trailer not counted)
 * @param sessions CREATED records among them
 * @param keys PUT records among them
 * @param validEnd the offset just after the last valid record (where a torn tail is cut)
 * @param torn what the torn tail is, or null
 * @param damage what the damage at {@code validEnd} is, or null
 */
record FileScan(String file, long size, long records, long sessions, long keys, long validEnd, String torn,
        String damage) {
    /** Whether nothing is wrong with the file (a torn tail is not damage: it is dropped at start). */
    boolean healthy() {
        return damage == null;
    }

    /** One line for a report. */
    String summary() {
        StringBuilder s = new StringBuilder(file).append(": ").append(records).append(" records, ").append(sessions)
                .append(" sessions created, ").append(keys).append(" puts, ").append(size).append(" bytes");
        if (torn != null) {
            s.append("; torn tail at offset ").append(validEnd).append(" (").append(torn)
                    .append("): dropped at start");
        }
        if (damage != null) {
            s.append("; DAMAGED at offset ").append(validEnd).append(": ").append(damage);
        }
        return s.toString();
    }
}
