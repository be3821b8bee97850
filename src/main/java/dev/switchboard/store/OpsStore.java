package dev.switchboard.store;

import javax.sql.DataSource;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.Map;

/** Read-only questions operators ask: counts over a window, the outbox's backlog, recent opt-outs. */
public final class OpsStore {

    private final DataSource ds;

    public OpsStore(DataSource ds) {
        this.ds = ds;
    }

    /** How many messages of a channel are in a status. */
    public record Count(String channel, String status, long count) {
    }

    /** Rows in the outbox (waiting, scheduled, backing off or claimed), and how long the oldest due one has waited. */
    public record Backlog(long depth, Duration oldestDueAge, Map<String, Lane> lanes) {
        public Backlog(long depth, Duration oldestDueAge) {
            this(depth, oldestDueAge, Map.of());
        }
    }

    /** One priority lane of the outbox: its rows, and how long the oldest due one has waited. */
    public record Lane(long depth, Duration oldestDueAge) {
    }

    /** Messages created since {@code since}, counted by channel and current status. */
    public List<Count> countsSince(Instant since) {
        return since("SELECT channel, status, COUNT(*) AS n FROM message"
                + " WHERE id >= ? AND created_at >= ? GROUP BY channel, status ORDER BY channel, status", since,
                rs -> new Count(rs.getString("channel"), rs.getString("status"), rs.getLong("n")));
    }

    /** A row of a result set as a value. */
    private interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /**
     * The rows of a query over the messages created since {@code since}; its two parameters are the lowest id at
     * that time and the time itself. Ids sort by creation time: the id bound makes it a primary-key range scan, not
     * a table scan.
     */
    private <T> List<T> since(String sql, Instant since, Row<T> row) {
        return Jdbc.read(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, Ids.lowestIdAt(since.toEpochMilli()));
                Jdbc.setTime(ps, 2, since);
                List<T> rows = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(row.read(rs));
                    }
                }
                return rows;
            }
        });
    }

    /**
     * Outbox depth, and the age of the oldest row due at {@code now} (claimed rows are pushed a lease ahead), in
     * total and per priority lane ({@code transactional}, {@code bulk}; both always present).
     */
    public Backlog backlog(Instant now) {
        return Jdbc.read(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT priority, COUNT(*) AS n,"
                    + " MIN(CASE WHEN next_attempt_at <= ? THEN next_attempt_at END) AS oldest"
                    + " FROM message WHERE next_attempt_at IS NOT NULL GROUP BY priority")) {
                Jdbc.setTime(ps, 1, now);
                Map<String, Lane> lanes = new TreeMap<>(Map.of("transactional", new Lane(0, Duration.ZERO),
                        "bulk", new Lane(0, Duration.ZERO)));
                long depth = 0;
                Instant oldestOfAll = null;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Instant oldest = Jdbc.getTime(rs, "oldest");
                        long n = rs.getLong("n");
                        lanes.put(rs.getString("priority"), new Lane(n, oldest == null ? Duration.ZERO : Duration.between(oldest, now)));
                        depth += n;
                        if (oldest != null && (oldestOfAll == null || oldest.isBefore(oldestOfAll))) {
                            oldestOfAll = oldest;
                        }
                    }
                }
                return new Backlog(depth, oldestOfAll == null ? Duration.ZERO : Duration.between(oldestOfAll, now), lanes);
            }
        });
    }

    /**
     * Messages created in one minute (epoch minute), counted by channel, current status and error code (Twilio's, or
     * null).
     */
    public record MinuteCount(long minute, String channel, String status, Integer errorCode, long count) {
    }

    /** Messages of a channel created in the window that carry an error code (Twilio's), counted. */
    public record ErrorCount(String channel, int code, long count) {
    }

    /**
     * Messages created since {@code since}, counted by minute of creation (epoch minute), channel, current status and
     * error code: one scan of the same primary-key range as {@link #countsSince}. DATE_TRUNC runs on both databases;
     * on PostgreSQL it costs a third less than arithmetic on EXTRACT(EPOCH), which is numeric there (bench/README.md).
     */
    public List<MinuteCount> perMinuteSince(Instant since) {
        return since("SELECT DATE_TRUNC('MINUTE', created_at) AS at_minute, channel, status, error_code, COUNT(*) AS n"
                + " FROM message WHERE id >= ? AND created_at >= ? GROUP BY DATE_TRUNC('MINUTE', created_at), channel,"
                + " status, error_code", since,
                rs -> new MinuteCount(Jdbc.getTime(rs, "at_minute").getEpochSecond() / 60, rs.getString("channel"),
                        rs.getString("status"), Jdbc.getInteger(rs, "error_code"), rs.getLong("n")));
    }

    /** Error codes of the messages created since {@code since}, by channel, most frequent first. */
    public List<ErrorCount> errorCodesSince(Instant since) {
        return since("SELECT channel, error_code, COUNT(*) AS n FROM message WHERE id >= ? AND created_at >= ?"
                + " AND error_code IS NOT NULL GROUP BY channel, error_code ORDER BY n DESC, error_code, channel", since,
                rs -> new ErrorCount(rs.getString("channel"), rs.getInt("error_code"), rs.getLong("n")));
    }

    /** The newest opt-outs (consent changes to opted_out), newest first. */
    public List<Consent> recentOptOuts(int limit) {
        return Jdbc.read(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT phone, channel, state, source, reason, keyword, sender,"
                    + " occurred_at FROM consent_event WHERE state = ? ORDER BY id DESC LIMIT ?")) {
                ps.setString(1, Consent.OPTED_OUT);
                ps.setInt(2, limit);
                List<Consent> rows = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new Consent(rs.getString("phone"), rs.getString("channel"), rs.getString("state"),
                                rs.getString("source"), rs.getString("reason"), rs.getString("keyword"),
                                rs.getString("sender"), Jdbc.getTime(rs, "occurred_at")));
                    }
                }
                return rows;
            }
        });
    }
}
