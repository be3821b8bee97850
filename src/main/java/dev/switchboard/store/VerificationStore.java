package dev.switchboard.store;

import javax.sql.DataSource;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The audit of verification starts and checks (never the code), and the per-recipient send count. */
public final class VerificationStore {

    /** One start or check as recorded. */
    public record Attempt(String recipient, String kind, String channel, String status, Integer errorCode, boolean sent,
                          Instant at) {
    }

    private final DataSource ds;
    private final Clock clock;

    public VerificationStore(DataSource ds, Clock clock) {
        this.ds = ds;
        this.clock = clock;
    }

    public void record(String recipient, String kind, String channel, String status, Integer errorCode, boolean sent) {
        Jdbc.inTransaction(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO verification_attempt (recipient, kind, channel,"
                    + " status, error_code, sent, occurred_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, recipient);
                ps.setString(2, kind);
                ps.setString(3, channel);
                ps.setString(4, status);
                if (errorCode == null) {
                    ps.setNull(5, Types.INTEGER);
                } else {
                    ps.setInt(5, errorCode);
                }
                ps.setBoolean(6, sent);
                Jdbc.setTime(ps, 7, clock.instant());
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Starts that reached Twilio for this recipient within the window. */
    public int sendsWithin(String recipient, Duration window) {
        return Jdbc.read(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM verification_attempt"
                    + " WHERE recipient = ? AND kind = 'start' AND sent = TRUE AND occurred_at > ?")) {
                ps.setString(1, recipient);
                Jdbc.setTime(ps, 2, clock.instant().minus(window));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    /** The oldest counted start within the window: the limit lifts when it leaves the window. */
    public Instant oldestSendWithin(String recipient, Duration window) {
        return Jdbc.read(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT MIN(occurred_at) AS oldest FROM verification_attempt"
                    + " WHERE recipient = ? AND kind = 'start' AND sent = TRUE AND occurred_at > ?")) {
                ps.setString(1, recipient);
                Jdbc.setTime(ps, 2, clock.instant().minus(window));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return Jdbc.getTime(rs, "oldest");
                }
            }
        });
    }

    /** Every attempt for a recipient, oldest first. */
    public List<Attempt> attempts(String recipient) {
        return Jdbc.read(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT recipient, kind, channel, status, error_code, sent,"
                    + " occurred_at FROM verification_attempt WHERE recipient = ? ORDER BY id")) {
                ps.setString(1, recipient);
                List<Attempt> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Attempt(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                Jdbc.getInteger(rs, "error_code"), rs.getBoolean(6), Jdbc.getTime(rs, "occurred_at")));
                    }
                }
                return out;
            }
        });
    }
}
