package dev.switchboard.store;

import javax.sql.DataSource;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Messages and calls Twilio has taken but not yet reported final, due for a fetch by SID ({@code check_at}, set
 * with the SID and at each status change: docs/retries.md), and the SIDs we already hold: what the reconciliation
 * of stale and ambiguous messages reads.
 */
public final class StaleMessages {

    /** One message or call to fetch from Twilio; {@code changedAt}: its last status change. */
    public record Stale(String id, String twilioSid, boolean call, Instant changedAt) {
    }

    private final DataSource ds;
    private final Clock clock;

    public StaleMessages(DataSource ds, Clock clock) {
        this.ds = ds;
        this.clock = clock;
    }

    /** Up to {@code limit} messages and calls whose fetch is due, the longest waiting first. */
    public List<Stale> due(int limit) {
        return Jdbc.read(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, twilio_sid, channel, updated_at FROM message"
                    + " WHERE check_at <= ? ORDER BY check_at LIMIT ?")) {
                Jdbc.setTime(ps, 1, clock.instant());
                ps.setInt(2, limit);
                List<Stale> found = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.add(new Stale(rs.getString(1), rs.getString(2), "voice".equals(rs.getString(3)),
                                Jdbc.getTime(rs, "updated_at")));
                    }
                }
                return found;
            }
        });
    }

    /**
     * Stamps a fetch that found no new status: fetched again at {@code next} (null: never, left as it is). A status
     * that changed meanwhile (a callback, or this fetch's own) has set its own next fetch and is not touched.
     */
    public void fetched(Stale s, Instant next) {
        Jdbc.inTransaction(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE message SET reconciled_at = ?, check_at = ?"
                    + " WHERE id = ? AND updated_at = ?")) {
                Jdbc.setTime(ps, 1, clock.instant());
                Jdbc.setTime(ps, 2, next);
                ps.setString(3, s.id());
                Jdbc.setTime(ps, 4, s.changedAt());
                return ps.executeUpdate();
            }
        });
    }

    /**
     * After a restart: the messages and calls a dead run of this instance sent ({@code sentBy} exactly, or any name
     * starting with {@code sentByPrefix}; both null: every one, the embedded database having no other process) that
     * still await a status are fetched at once rather than at their first delay. Returns how many.
     */
    public int fetchNow(String sentBy, String sentByPrefix) {
        Instant now = clock.instant();
        String whose = sentBy != null ? " AND sent_by = ?" : sentByPrefix != null ? " AND LEFT(sent_by, ?) = ?" : "";
        return Jdbc.inTransaction(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE message SET check_at = ? WHERE check_at > ?" + whose)) {
                Jdbc.setTime(ps, 1, now);
                Jdbc.setTime(ps, 2, now);
                if (sentBy != null) {
                    ps.setString(3, sentBy);
                } else if (sentByPrefix != null) {
                    ps.setInt(3, sentByPrefix.length());
                    ps.setString(4, sentByPrefix);
                }
                return ps.executeUpdate();
            }
        });
    }

    /** Whether one of our messages already holds {@code sid}. */
    public boolean sidTaken(String sid) {
        return Jdbc.read(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM message WHERE twilio_sid = ?")) {
                ps.setString(1, sid);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }
}
