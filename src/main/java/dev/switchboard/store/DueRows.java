package dev.switchboard.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Locking due outbox rows and marking them claimed, for both claimers ({@link OutboxStore#claimDue} and the paced
 * {@link PacedClaims}). A due row still carrying a lease owner is a claim that expired with no outcome recorded
 * (the instance died, or lost Twilio's answer): its request may have reached Twilio, so the claim marks it
 * ambiguous in the same UPDATE (no extra write per send).
 */
final class DueRows {

    private static final String COLUMNS = MessageStore.COLUMNS + ", lease_owner, ambiguous_since";

    private DueRows() {
    }

    /** A locked due row; an expired claim (owner left, no outcome) is ambiguous since that claim's time. */
    record Due(StoredMessage message, Instant ambiguousSince) {
        static Due read(ResultSet rs) throws SQLException {
            StoredMessage m = MessageStore.map(rs);
            Instant since = Jdbc.getTime(rs, "ambiguous_since");
            if (since == null && rs.getString("lease_owner") != null) {
                since = m.updatedAt(); // the expired claim stamped updated_at when it was made
            }
            return new Due(m, since);
        }

        Claim claim(String owner, Instant now, Instant sendAt) {
            return new Claim(message, owner, message.attempts() + 1, now, ambiguousSince, sendAt);
        }
    }

    /**
     * Up to {@code limit} due rows of the lane, locked for this transaction: transactional ones first, oldest due
     * first, then bulk ones in the room left, and at least {@code ceil(limit × bulkShare)} bulk ones when there are
     * (the plan gives them their share of slots). Each priority is read on its own through the index on
     * (priority, next_attempt_at), so a bulk backlog of any size never stands in front of a transactional message.
     */
    static List<Due> lock(Connection c, Dialect dialect, OutboxStore.Lane lane, Instant now, int limit, double bulkShare)
            throws SQLException {
        List<Due> rows = new ArrayList<>(lockLane(c, dialect, lane, "transactional", now, limit));
        int bulkRoom = Math.max(limit - rows.size(), bulkShare > 0 ? (int) Math.ceil(limit * bulkShare) : 0);
        if (bulkRoom > 0) {
            rows.addAll(lockLane(c, dialect, lane, "bulk", now, bulkRoom));
        }
        return rows;
    }

    private static List<Due> lockLane(Connection c, Dialect dialect, OutboxStore.Lane lane, String priority,
                                      Instant now, int limit) throws SQLException {
        String condition = lane.condition + " AND priority = '" + priority + "'";
        return dialect == Dialect.POSTGRES ? lockSkipLocked(c, condition, now, limit)
                : lockRowByRow(c, condition, now, limit);
    }

    /**
     * Marks the rows claimed by {@code owner}: an attempt counted, due again at {@code leaseEnd} (if this instance
     * dies, another takes them over then), and ambiguous when an earlier claim expired without an outcome.
     */
    static void markClaimed(Connection c, List<Due> rows, String owner, Instant now, Function<Due, Instant> leaseEnd)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE message SET next_attempt_at = ?, lease_owner = ?,"
                + " attempts = attempts + 1, updated_at = ?, ambiguous_since = ? WHERE id = ?")) {
            for (Due d : rows) {
                Jdbc.setTime(ps, 1, leaseEnd.apply(d));
                ps.setString(2, owner);
                Jdbc.setTime(ps, 3, now);
                Jdbc.setTime(ps, 4, d.ambiguousSince());
                ps.setString(5, d.message().id());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** PostgreSQL locks exactly the rows it returns and skips rows other claims hold. */
    private static List<Due> lockSkipLocked(Connection c, String condition, Instant now, int limit)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                + " FROM message WHERE next_attempt_at <= ?" + condition
                + " ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED")) {
            Jdbc.setTime(ps, 1, now);
            ps.setInt(2, limit);
            return rows(ps);
        }
    }

    /**
     * H2 locks every row matching {@code ORDER BY … LIMIT … FOR UPDATE}, not just those returned, so
     * one claim would hold the whole backlog. Pick candidates without locks, then lock each alone.
     */
    private static List<Due> lockRowByRow(Connection c, String condition, Instant now, int limit)
            throws SQLException {
        List<String> candidates = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id FROM message WHERE next_attempt_at <= ?" + condition + " ORDER BY next_attempt_at LIMIT ?")) {
            Jdbc.setTime(ps, 1, now);
            ps.setInt(2, limit * 2 + 10); // some may be taken by another claim meanwhile
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    candidates.add(rs.getString(1));
                }
            }
        }
        List<Due> locked = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                + " FROM message WHERE id = ? AND next_attempt_at <= ? FOR UPDATE SKIP LOCKED")) {
            for (String id : candidates) {
                if (locked.size() == limit) {
                    break;
                }
                ps.setString(1, id);
                Jdbc.setTime(ps, 2, now);
                locked.addAll(rows(ps));
            }
        }
        return locked;
    }

    private static List<Due> rows(PreparedStatement ps) throws SQLException {
        List<Due> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(Due.read(rs));
            }
        }
        return rows;
    }
}
