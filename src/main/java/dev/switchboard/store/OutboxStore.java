package dev.switchboard.store;

import dev.switchboard.domain.MessageStatus;

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

        final String condition;

        Lane(String condition) {
            this.condition = condition;
        }
    }

    /** As {@link #claimDue(String, int, Duration)}, for one lane; see {@link DueRows} for ambiguous rows. */
    public List<Claim> claimDue(Lane lane, String owner, int limit, Duration lease) {
        return Jdbc.inTransaction(ds, c -> {
            Instant now = clock.instant();
            List<DueRows.Due> due = DueRows.lock(c, dialect, lane, now, limit, 0);
            if (due.isEmpty()) {
                return List.of();
            }
            DueRows.markClaimed(c, due, owner, now, d -> now.plus(lease));
            List<Claim> claims = new ArrayList<>(due.size());
            for (DueRows.Due d : due) {
                claims.add(d.claim(owner, now, null));
            }
            return claims;
        });
    }

    /**
     * Twilio accepted the message: store its SID and first status, take the row out of the outbox,
     * and apply any callbacks that overtook this write. False when the claim was lost meanwhile.
     */
    public boolean markSent(Claim claim, String twilioSid, String twilioStatus, String status, String sentChannel) {
        return markSent(claim, twilioSid, twilioStatus, status, sentChannel,
                "attempt " + claim.attempt() + " by " + claim.owner() + ": Twilio accepted it as " + twilioSid, false);
    }

    /**
     * As {@link #markSent(Claim, String, String, String, String)}, with the history line to record; {@code adopted}:
     * found at Twilio without a create request by this claim (not counted as an attempt).
     */
    public boolean markSent(Claim claim, String twilioSid, String twilioStatus, String status, String sentChannel,
                            String detail, boolean adopted) {
        return Jdbc.inTransaction(ds, c -> {
            Instant now = clock.instant();
            int updated;
            try (PreparedStatement ps = c.prepareStatement("UPDATE message SET twilio_sid = ?, status = ?,"
                    + " next_attempt_at = NULL, lease_owner = NULL, error_code = NULL, error_message = NULL,"
                    + " sent_channel = ?, updated_at = ?, ambiguous_since = NULL, attempts = attempts - ?,"
                    + " check_at = ?, sent_by = ? WHERE id = ? AND twilio_sid IS NULL")) {
                ps.setString(1, twilioSid);
                ps.setString(2, status);
                ps.setString(3, sentChannel);
                Jdbc.setTime(ps, 4, now);
                ps.setInt(5, adopted ? 1 : 0);
                // Fetched from Twilio if no callback has made it final by then (lost callbacks, a crash).
                Jdbc.setTime(ps, 6, statuses.checks().firstAfter(now,
                        MessageStatus.fromWire(status).map(MessageStatus::isFinal).orElse(false)));
                ps.setString(7, claim.owner());
                ps.setString(8, claim.message().id());
                updated = ps.executeUpdate();
            }
            if (updated == 0) {
                return false;
            }
            Events.insert(c, claim.message().id(), twilioStatus, "twilio-api", true, null, detail, null, now);
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
        return retryLater(claim, nextAttempt, errorCode, errorMessage, null);
    }

    /**
     * As {@link #retryLater(Claim, Instant, Integer, String)}; a non-null {@code ambiguousSince} records that this
     * attempt may have created the message at Twilio (kept if an earlier one already did).
     */
    public boolean retryLater(Claim claim, Instant nextAttempt, Integer errorCode, String errorMessage,
                              Instant ambiguousSince) {
        return settle(claim, null, nextAttempt, errorCode, errorMessage, false,
                "attempt " + claim.attempt() + " failed" + (ambiguousSince == null ? "" : " (outcome unknown)")
                        + ", next attempt at " + nextAttempt, null, null, ambiguousSince);
    }

    /**
     * Given up without a Twilio verdict (max age, outcome unknown): final, with {@code reason}. {@code posted}: this
     * claim made a create request (else it is not counted as an attempt).
     */
    public boolean giveUp(Claim claim, String reason, Integer errorCode, String errorMessage, boolean posted) {
        return settle(claim, "failed", null, errorCode, errorMessage, !posted,
                (posted ? "attempt " + claim.attempt() : "not attempted") + ": given up (" + reason + ")", reason, null);
    }

    /** Not attempted at all (breaker open): back to the outbox, and the attempt is not counted. */
    public boolean release(Claim claim, Instant nextAttempt, String why) {
        return settle(claim, null, nextAttempt, null, null, true, why, null, null);
    }

    private boolean settle(Claim claim, String newStatus, Instant nextAttempt, Integer errorCode, String errorMessage,
                           boolean uncountAttempt, String detail, String reason, Consent consent) {
        return settle(claim, newStatus, nextAttempt, errorCode, errorMessage, uncountAttempt, detail, reason, consent,
                null);
    }

    private boolean settle(Claim claim, String newStatus, Instant nextAttempt, Integer errorCode, String errorMessage,
                           boolean uncountAttempt, String detail, String reason, Consent consent,
                           Instant ambiguousSince) {
        return Jdbc.inTransaction(ds, c -> {
            Instant now = clock.instant();
            int updated;
            try (PreparedStatement ps = c.prepareStatement("UPDATE message SET status = COALESCE(?, status),"
                    + " next_attempt_at = ?, lease_owner = NULL, error_code = COALESCE(?, error_code),"
                    + " error_message = COALESCE(?, error_message), attempts = attempts - ?, updated_at = ?,"
                    + " reason = COALESCE(?, reason), ambiguous_since = COALESCE(ambiguous_since, ?)"
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
                Jdbc.setTime(ps, 8, ambiguousSince);
                ps.setString(9, claim.message().id());
                ps.setString(10, claim.owner());
                ps.setInt(11, claim.attempt());
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

    /**
     * Ends every claim still held, for a database only this process can open (the embedded H2 file): any claim found
     * there at start-up is a dead run's, and waiting out its lease (60 s) would hold its messages for nothing. Each
     * row falls due now and, still carrying its owner, is claimed as ambiguous: reconciled before any resend, exactly
     * as when the lease ends. {@code updated_at} is kept (the claim's time: the window the lookup searches).
     */
    public int endDeadClaims() {
        return Jdbc.inTransaction(ds, c -> {
            Instant now = clock.instant();
            List<String[]> held = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, status, lease_owner FROM message"
                    + " WHERE lease_owner IS NOT NULL AND next_attempt_at > ?")) {
                Jdbc.setTime(ps, 1, now);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        held.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE message SET next_attempt_at = ?"
                    + " WHERE id = ? AND lease_owner = ?")) {
                for (String[] row : held) {
                    Jdbc.setTime(ps, 1, now);
                    ps.setString(2, row[0]);
                    ps.setString(3, row[2]);
                    ps.addBatch();
                    Events.insert(c, row[0], row[1], "dispatcher", false, null, "claim of " + row[2]
                            + " ended at start-up (embedded database: that run is dead); outcome unknown, checked at"
                            + " Twilio before any resend", null, now);
                }
                ps.executeBatch();
            }
            return held.size();
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
