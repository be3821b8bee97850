package dev.switchboard.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The {@code message_event} history, written inside the caller's transaction. */
final class Events {

    private Events() {
    }

    static final String INSERT = "INSERT INTO message_event (message_id, status, source, applied, error_code, detail,"
            + " dedupe_key, occurred_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

    static void insert(Connection c, String messageId, String status, String source, boolean applied,
                       Integer errorCode, String detail, String dedupeKey, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            bind(ps, messageId, status, source, applied, errorCode, detail, dedupeKey, at);
            ps.executeUpdate();
        }
    }

    /** Binds the parameters of {@link #INSERT}, for one statement or one entry of a JDBC batch. */
    static void bind(PreparedStatement ps, String messageId, String status, String source, boolean applied,
                     Integer errorCode, String detail, String dedupeKey, Instant at) throws SQLException {
        ps.setString(1, messageId);
        ps.setString(2, status);
        ps.setString(3, source);
        ps.setBoolean(4, applied);
        if (errorCode == null) {
            ps.setNull(5, Types.INTEGER);
        } else {
            ps.setInt(5, errorCode);
        }
        ps.setString(6, truncate(detail, 1024));
        ps.setString(7, dedupeKey);
        Jdbc.setTime(ps, 8, at);
    }

    static boolean exists(Connection c, String messageId, String dedupeKey) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM message_event WHERE message_id = ? AND dedupe_key = ?")) {
            ps.setString(1, messageId);
            ps.setString(2, dedupeKey);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    static List<StoredEvent> list(Connection c, String messageId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT status, source, applied, error_code, detail, occurred_at"
                + " FROM message_event WHERE message_id = ? ORDER BY id")) {
            ps.setString(1, messageId);
            List<StoredEvent> events = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    events.add(new StoredEvent(rs.getString("status"), rs.getString("source"), rs.getBoolean("applied"),
                            Jdbc.getInteger(rs, "error_code"), rs.getString("detail"), Jdbc.getTime(rs, "occurred_at")));
                }
            }
            return events;
        }
    }

    static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
