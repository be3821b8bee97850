package dev.switchboard.jms;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * A feed's cursor ({@code event_publication}: the last row id it has passed), shared by the JMS feeds and the webhook
 * fan-out. The feed that locks its row for a round is the only one moving it; another instance skips the round.
 */
public final class FeedCursor {

    private FeedCursor() {
    }

    /** Locks the feed's row for this transaction and returns its position, or null when another holds it. */
    public static Long lock(Connection c, String feed) throws SQLException {
        return read(c, feed, " FOR UPDATE SKIP LOCKED");
    }

    /** Its committed position, without locking (0 if the feed has none). */
    public static long position(Connection c, String feed) throws SQLException {
        Long at = read(c, feed, "");
        return at == null ? 0 : at;
    }

    private static Long read(Connection c, String feed, String lock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT last_id FROM event_publication WHERE feed = ?" + lock)) {
            ps.setString(1, feed);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    public static void advance(Connection c, String feed, long last) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE event_publication SET last_id = ?, updated_at = ? WHERE feed = ?")) {
            ps.setLong(1, last);
            ps.setObject(2, OffsetDateTime.now(ZoneOffset.UTC));
            ps.setString(3, feed);
            ps.executeUpdate();
        }
    }
}
