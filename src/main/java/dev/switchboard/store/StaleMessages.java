package dev.switchboard.store;

import javax.sql.DataSource;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Messages Twilio has taken but not yet reported final (a lost callback leaves them so), and the SIDs
 * we already hold: what the reconciliation of stale and ambiguous messages reads.
 */
public final class StaleMessages {

    /** One message to fetch from Twilio. */
    public record Stale(String id, String twilioSid) {
    }

    private final DataSource ds;
    private final Clock clock;

    public StaleMessages(DataSource ds, Clock clock) {
        this.ds = ds;
        this.clock = clock;
    }

    /**
     * Up to {@code limit} SMS/WhatsApp messages with a SID, not final, created more than {@code after} ago and
     * not fetched within {@code after}; messages older than {@code giveUp} are left as they are.
     */
    public List<Stale> due(Duration after, Duration giveUp, int limit) {
        Instant now = clock.instant();
        return Jdbc.read(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, twilio_sid FROM message"
                    + " WHERE status IN ('accepted', 'queued', 'sending', 'sent') AND twilio_sid IS NOT NULL"
                    + " AND channel <> 'voice' AND created_at > ? AND COALESCE(reconciled_at, created_at) <= ?"
                    + " ORDER BY COALESCE(reconciled_at, created_at) LIMIT ?")) {
                Jdbc.setTime(ps, 1, now.minus(giveUp));
                Jdbc.setTime(ps, 2, now.minus(after));
                ps.setInt(3, limit);
                List<Stale> found = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.add(new Stale(rs.getString(1), rs.getString(2)));
                    }
                }
                return found;
            }
        });
    }

    /** Stamps a fetch, so the message is not fetched again within the interval. */
    public void fetched(String id) {
        Jdbc.inTransaction(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE message SET reconciled_at = ? WHERE id = ?")) {
                Jdbc.setTime(ps, 1, clock.instant());
                ps.setString(2, id);
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
