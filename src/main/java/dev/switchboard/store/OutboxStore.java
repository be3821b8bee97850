package dev.switchboard.store;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The outbox's queue operations: claim due rows under a lease ({@code FOR UPDATE SKIP LOCKED}, so
 * instances never claim the same row) and settle each claim exactly once.
 */
public final class OutboxStore {

    private final DataSource ds;
    private final Dialect dialect;
    private final Clock clock;
    private final StatusStore statuses;
    private final ConsentStore consents;

    public OutboxStore(DataSource ds, Dialect dialect, Clock clock, StatusStore statuses, ConsentStore consents) {
        this.ds = ds;
        this.dialect = dialect;
        this.clock = clock;
        this.statuses = statuses;
        this.consents = consents;
    }

    /**
     * Claims up to {@code limit} due messages for {@code owner}. The claim moves each row's due time
     * forward by the lease: if this instance dies, the row falls due again and another takes it over.
     */
    public List<Claim> claimDue(String owner, int limit, Duration lease) {
        return claimDue(Lane.MESSAGES, owner, limit, lease);
    }

    /**
     * The outbox's two lanes: calls are claimed apart from messages, in batches sized to their own,
     * much lower rate, so a claim never expires while its calls wait in the voice throttle.
     */
    public enum Lane {
        MESSAGES(" AND channel <> 'voice'"),
        CALLS(" AND channel = 'voice'");

        private final String condition;

        Lane(String condition) {
            this.condition = condition;
        }
    }

    /** As {@link #claimDue(String, int, Duration)}, for one lane. */
    public List<Claim> claimDue(Lane lane, String owner, int limit, Duration lease) {
        return Jdbc.inTransaction(ds, c -> {
            Instant now = clock.instant();
            List<StoredMessage> due = dialect == Dialect.POSTGRES ? lockDue(c, lane, now, limit)
                    : lockDueRowByRow(c, lane, now, limit);
            if (due.isEmpty()) {
                return List.of();
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE message SET next_attempt_at = ?, lease_owner = ?,"
                    + " attempts = attempts + 1, updated_at = ? WHERE id = ?")) {
                for (StoredMessage m : due) {
                    Jdbc.setTime(ps, 1, now.plus(lease));
                    ps.setString(2, owner);
                    Jdbc.setTime(ps, 3, now);
                    ps.setString(4, m.id());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            List<Claim> claims = new ArrayList<>(due.size());
            for (StoredMessage m : due) {
                claims.add(new Claim(m, owner, m.attempts() + 1));
            }
            return claims;
        });
    }

    /** PostgreSQL locks exactly the rows it returns and skips rows other claims hold. */
    private static List<StoredMessage> lockDue(Connection c, Lane lane, Instant now, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + MessageStore.COLUMNS
                + " FROM message WHERE next_attempt_at <= ?" + lane.condition
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
    private static List<StoredMessage> lockDueRowByRow(Connection c, Lane lane, Instant now, int limit)
            throws SQLException {
        List<String> candidates = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id FROM message WHERE next_attempt_at <= ?" + lane.condition + " ORDER BY next_attempt_at LIMIT ?")) {
            Jdbc.setTime(ps, 1, now);
            ps.setInt(2, limit * 2 + 10); // some may be taken by another claim meanwhile
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    candidates.add(rs.getString(1));
                }
            }
        }
        List<StoredMessage> locked = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + MessageStore.COLUMNS
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

    private static List<StoredMessage> rows(PreparedStatement ps) throws SQLException {
        List<StoredMessage> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(MessageStore.map(rs));
            }
        }
        return rows;
    }

    /**
     * Twilio accepted the message: store its SID and first status, take the row out of the outbox,
     * and apply any callbacks that overtook this write. False when the claim was lost meanwhile.
     */
    public boolean markSent(Claim claim, String twilioSid, String twilioStatus, String status, String sentChannel) {
        return Jdbc.inTransaction(ds, c -> {
            Instant now = clock.instant();
            int updated;
            try (PreparedStatement ps = c.prepareStatement("UPDATE message SET twilio_sid = ?, status = ?,"
                    + " next_attempt_at = NULL, lease_owner = NULL, error_code = NULL, error_message = NULL,"
                    + " sent_channel = ?, updated_at = ? WHERE id = ? AND twilio_sid IS NULL")) {
                ps.setString(1, twilioSid);
                ps.setString(2, status);
                ps.setString(3, sentChannel);
                Jdbc.setTime(ps, 4, now);
                ps.setString(5, claim.message().id());
                updated = ps.executeUpdate();
            }
            if (updated == 0) {
                return false;
            }
            Events.insert(c, claim.message().id(), twilioStatus, "twilio-api", true, null,
                    "attempt " + claim.attempt() + " by " + claim.owner() + ": Twilio accepted it as " + twilioSid, null, now);
            statuses.replayOrphans(c, twilioSid);
            return true;
        });
    }

    /** A permanent failure: the message is final with Twilio's error code and message. */
    public boolean markFailed(Claim claim, Integer errorCode, String errorMessage) {
        return markFailed(claim, errorCode, errorMessage, null);
    }

    /** As {@link #markFailed(Claim, Integer, String)}, recording the opt-out it revealed in the same transaction. */
    public boolean markFailed(Claim claim, Integer errorCode, String errorMessage, Consent optOut) {
        return settle(claim, "failed", null, errorCode, errorMessage, false,
                "attempt " + claim.attempt() + " failed permanently", null, optOut);
    }

    /** Not sent on purpose (opted out, WhatsApp window closed): final, and no attempt is counted. */
    public boolean suppress(Claim claim, String reason) {
        return settle(claim, "suppressed", null, null, null, true, "suppressed at dispatch: " + reason, reason, null);
    }

    /** Waits (quiet hours) until {@code until}: scheduled again, and no attempt is counted. */
    public boolean defer(Claim claim, Instant until, String reason) {
        return settle(claim, "scheduled", until, null, null, true, "deferred to " + until + ": " + reason, reason, null);
    }

    /** A transient failure: back to the outbox at {@code nextAttempt}, keeping the error for inspection. */
    public boolean retryLater(Claim claim, Instant nextAttempt, Integer errorCode, String errorMessage) {
        return settle(claim, null, nextAttempt, errorCode, errorMessage, false,
                "attempt " + claim.attempt() + " failed, next attempt at " + nextAttempt, null, null);
    }

    /** Not attempted at all (breaker open): back to the outbox, and the attempt is not counted. */
    public boolean release(Claim claim, Instant nextAttempt, String why) {
        return settle(claim, null, nextAttempt, null, null, true, why, null, null);
    }

    private boolean settle(Claim claim, String newStatus, Instant nextAttempt, Integer errorCode, String errorMessage,
                           boolean uncountAttempt, String detail, String reason, Consent consent) {
        return Jdbc.inTransaction(ds, c -> {
            Instant now = clock.instant();
            int updated;
            try (PreparedStatement ps = c.prepareStatement("UPDATE message SET status = COALESCE(?, status),"
                    + " next_attempt_at = ?, lease_owner = NULL, error_code = COALESCE(?, error_code),"
                    + " error_message = COALESCE(?, error_message), attempts = attempts - ?, updated_at = ?,"
                    + " reason = COALESCE(?, reason)"
                    + " WHERE id = ? AND lease_owner = ? AND attempts = ? AND twilio_sid IS NULL")) {
                ps.setString(1, newStatus);
                Jdbc.setTime(ps, 2, nextAttempt);
                if (errorCode == null) {
                    ps.setNull(3, Types.INTEGER);
                } else {
                    ps.setInt(3, errorCode);
                }
                ps.setString(4, Events.truncate(errorMessage, 1024));
                ps.setInt(5, uncountAttempt ? 1 : 0);
                Jdbc.setTime(ps, 6, now);
                ps.setString(7, reason);
                ps.setString(8, claim.message().id());
                ps.setString(9, claim.owner());
                ps.setInt(10, claim.attempt());
                updated = ps.executeUpdate();
            }
            if (updated == 0) {
                return false;
            }
            String status = newStatus != null ? newStatus : claim.message().status();
            String text = errorMessage == null ? detail : detail + ": " + errorMessage;
            Events.insert(c, claim.message().id(), status, "dispatcher", newStatus != null, errorCode, text, null, now);
            if (consent != null) {
                consents.record(c, consent);
            }
            return true;
        });
    }

    /** How many rows wait in the outbox (due now or later). */
    public long depth() {
        return Jdbc.read(ds, c -> count(c));
    }

    private static long count(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM message WHERE next_attempt_at IS NOT NULL");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
