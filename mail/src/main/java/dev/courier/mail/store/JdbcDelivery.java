package dev.courier.mail.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One group-commit batch in SQL: look the recipients and senders up once for the whole batch, reserve room in
 * each recipient's mailbox with a primary-key update that checks the limits, take ids from the sequence in one
 * query, and insert the accepted messages in one JDBC batch.
 */
final class JdbcDelivery {
    private static final String RESERVE = "UPDATE mail_account SET message_count = message_count + 1, "
            + "message_bytes = message_bytes + ? WHERE id = ? AND message_count < ? AND message_bytes + ? <= ?";
    private static final String INSERT = "INSERT INTO mail_message (id, owner_id, sender, sent_at, subject, body, "
            + "size_bytes) VALUES (?, ?, ?, ?, ?, ?, ?)";

    private JdbcDelivery() {
    }

    /** Delivers {@code batch} inside the caller's transaction; the caller commits and syncs. */
    static List<Delivery> deliver(Connection c, Dialect dialect, List<NewMessage> batch, MailboxQuota quota)
            throws SQLException {
        int n = batch.size();
        Map<String, Long> recipients = idsByName(c, batch.stream().map(NewMessage::recipient).distinct().toList());
        Set<Long> senders = existingIds(c, batch.stream().map(NewMessage::senderId).distinct().toList());
        Delivery[] out = new Delivery[n];
        long[] owner = new long[n];
        int[] sizes = new int[n];
        List<Integer> candidates = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            NewMessage m = batch.get(i);
            Long id = recipients.get(m.recipient());
            if (id == null) {
                out[i] = Delivery.refused(Delivery.Outcome.NO_SUCH_RECIPIENT);
            } else if (!senders.contains(m.senderId())) {
                out[i] = Delivery.refused(Delivery.Outcome.SENDER_GONE);
            } else {
                owner[i] = id;
                sizes[i] = m.sizeBytes();
                candidates.add(i);
            }
        }
        // Rows are locked in id order so that two batches (or two servers) never wait on each other in a cycle.
        candidates.sort(Comparator.comparingLong(i -> owner[i]));
        List<Integer> accepted = new ArrayList<>(candidates.size());
        if (!candidates.isEmpty()) {
            int[] reserved;
            try (PreparedStatement ps = c.prepareStatement(RESERVE)) {
                for (int i : candidates) {
                    ps.setLong(1, sizes[i]);
                    ps.setLong(2, owner[i]);
                    ps.setInt(3, quota.maxMessages());
                    ps.setLong(4, sizes[i]);
                    ps.setLong(5, quota.maxBytes());
                    ps.addBatch();
                }
                reserved = ps.executeBatch();
            }
            for (int k = 0; k < reserved.length; k++) {
                int i = candidates.get(k);
                if (reserved[k] == 1) {
                    accepted.add(i);
                } else if (reserved[k] == 0) {
                    // Full, or deleted since the lookup above.
                    out[i] = Delivery.refused(existingIds(c, List.of(owner[i])).isEmpty()
                            ? Delivery.Outcome.NO_SUCH_RECIPIENT : Delivery.Outcome.MAILBOX_FULL);
                } else {
                    throw new SQLException("the driver did not report an update count (" + reserved[k] + ")");
                }
            }
        }
        if (!accepted.isEmpty()) {
            long[] ids = nextIds(c, dialect, accepted.size());
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                for (int k = 0; k < accepted.size(); k++) {
                    int i = accepted.get(k);
                    NewMessage m = batch.get(i);
                    ps.setLong(1, ids[k]);
                    ps.setLong(2, owner[i]);
                    ps.setString(3, m.sender());
                    ps.setLong(4, m.sentAt().toEpochMilli());
                    ps.setString(5, m.subject());
                    ps.setString(6, m.body());
                    ps.setInt(7, sizes[i]);
                    ps.addBatch();
                    out[i] = Delivery.delivered(ids[k]);
                }
                ps.executeBatch();
            }
        }
        return List.of(out);
    }

    /** The ids of the accounts with these names (absent names are left out). */
    private static Map<String, Long> idsByName(Connection c, List<String> names) throws SQLException {
        Map<String, Long> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, name FROM mail_account WHERE name = ANY (?)")) {
            ps.setArray(1, c.createArrayOf("VARCHAR", names.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(2), rs.getLong(1));
                }
            }
        }
        return out;
    }

    /** Which of these account ids exist. */
    private static Set<Long> existingIds(Connection c, List<Long> ids) throws SQLException {
        Set<Long> out = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM mail_account WHERE id = ANY (?)")) {
            ps.setArray(1, c.createArrayOf("BIGINT", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
        }
        return out;
    }

    private static long[] nextIds(Connection c, Dialect dialect, int n) throws SQLException {
        long[] ids = new long[n];
        try (PreparedStatement ps = c.prepareStatement(dialect.nextIds())) {
            ps.setInt(1, n);
            try (ResultSet rs = ps.executeQuery()) {
                for (int i = 0; i < n; i++) {
                    if (!rs.next()) {
                        throw new SQLException("the sequence gave " + i + " ids, not " + n);
                    }
                    ids[i] = rs.getLong(1);
                }
            }
        }
        return ids;
    }
}
