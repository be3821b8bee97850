package dev.switchboard.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** How a {@link NewMessage} becomes a {@code message} row and its first event, one at a time or as JDBC batches. */
final class MessageRows {

    static final String INSERT = "INSERT INTO message (id, channel, to_number, from_number, body, tags,"
            + " segments, encoding, status, source, idempotency_key, fingerprint, attempts, send_at, next_attempt_at,"
            + " created_at, updated_at, reason, priority, content_sid, content_variables, media_urls, fallback,"
            + " smart_encoded, voice, call_retries_left, status_callback)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private MessageRows() {
    }

    static void bind(PreparedStatement ps, NewMessage m, Instant now) throws SQLException {
        ps.setString(1, m.id());
        ps.setString(2, m.channel());
        ps.setString(3, m.to());
        ps.setString(4, m.from());
        ps.setString(5, m.body());
        ps.setString(6, m.tagsJson());
        ps.setInt(7, m.segments());
        ps.setString(8, m.encoding());
        ps.setString(9, m.status());
        ps.setString(10, m.source());
        ps.setString(11, m.idempotencyKey());
        ps.setString(12, m.fingerprint());
        Jdbc.setTime(ps, 13, m.sendAt());
        Jdbc.setTime(ps, 14, m.dueAt());
        Jdbc.setTime(ps, 15, now);
        Jdbc.setTime(ps, 16, now);
        ps.setString(17, m.reason());
        ps.setString(18, m.priority());
        ps.setString(19, m.contentSid());
        ps.setString(20, m.contentVariablesJson());
        ps.setString(21, m.mediaUrlsJson());
        ps.setString(22, m.fallback());
        ps.setBoolean(23, m.smartEncoded());
        ps.setString(24, m.voiceJson());
        if (m.callRetries() == null) {
            ps.setNull(25, java.sql.Types.INTEGER);
        } else {
            ps.setInt(25, m.callRetries());
        }
        ps.setString(26, m.statusCallback());
    }

    /**
     * Writes the messages and their first events inside the caller's transaction: with COPY on PostgreSQL
     * ({@link CopyRows}), as two JDBC batches elsewhere.
     */
    static Void writeAll(Connection c, List<NewMessage> rows, Instant now) throws SQLException {
        if (CopyRows.available(c)) {
            CopyRows.writeAll(c, rows, now);
            return null;
        }
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            for (NewMessage m : rows) {
                bind(ps, m, now);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement(Events.INSERT)) {
            for (NewMessage m : rows) {
                Events.bind(ps, m.id(), m.status(), m.source(), true, null, m.reason(), null, now);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        return null;
    }

    /** The row as it reads back right after the write. */
    static StoredMessage stored(NewMessage m, Instant now) {
        return new StoredMessage(m.id(), m.channel(), m.to(), m.from(), m.body(), m.tagsJson(), m.segments(),
                m.encoding(), m.status(), m.reason(), m.source(), m.idempotencyKey(), m.fingerprint(), null, null, null,
                0, m.sendAt(), m.dueAt(), now, now, m.priority(), m.contentSid(), m.contentVariablesJson(),
                m.mediaUrlsJson(), m.fallback(), m.smartEncoded(), null, m.voiceJson());
    }
}
