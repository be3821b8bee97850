package dev.switchboard.store;

import javax.sql.DataSource;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;

/** {@code DELETE /api/v1/messages/{id}}'s store side: cancel a message only while it surely has not reached Twilio. */
public final class MessageCancel {

    private MessageCancel() {
    }

    /** What {@link #cancel} did. */
    public enum Outcome {
        /** Canceled now: it will never be sent. */
        CANCELED,
        /** It was canceled before: nothing changed. */
        ALREADY_CANCELED,
        /** No such message. */
        NOT_FOUND,
        /** Handed to Twilio, or final already (sent, failed, suppressed): too late. */
        TOO_LATE,
        /** A dispatcher holds it under a claim: it may be on its way to Twilio right now. */
        IN_FLIGHT,
        /** An earlier attempt may have reached Twilio (a 5xx, a time-out, a claim that expired): not known yet. */
        OUTCOME_UNKNOWN
    }

    public record Result(Outcome outcome, StoredMessage message) {
    }

    /**
     * Cancels a message that has not gone to Twilio: accepted or scheduled, no SID, no claim, and no earlier
     * attempt that may have reached Twilio.
     * The row is locked first, so a dispatcher's claim and the cancel cannot both win: a claim taken
     * before answers {@code IN_FLIGHT}; a claim tried after finds no due row.
     */
    static Result cancel(DataSource ds, Clock clock, String id) {
        return Jdbc.inTransaction(ds, c -> {
            Instant now = clock.instant();
            String leaseOwner;
            boolean ambiguous;
            StoredMessage m;
            try (PreparedStatement ps = c.prepareStatement("SELECT " + MessageStore.COLUMNS + ", lease_owner, ambiguous_since FROM message"
                    + " WHERE id = ? FOR UPDATE")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return new Result(Outcome.NOT_FOUND, null);
                    }
                    m = MessageStore.map(rs);
                    leaseOwner = rs.getString("lease_owner");
                    ambiguous = rs.getObject("ambiguous_since") != null;
                }
            }
            if ("canceled".equals(m.status())) {
                return new Result(Outcome.ALREADY_CANCELED, m);
            }
            if (m.twilioSid() != null || !("accepted".equals(m.status()) || "scheduled".equals(m.status()))) {
                return new Result(Outcome.TOO_LATE, m);
            }
            // Every outcome clears the lease: an owner, live or expired, means a send whose outcome is not recorded.
            if (leaseOwner != null) {
                return new Result(Outcome.IN_FLIGHT, m);
            }
            if (ambiguous) {
                return new Result(Outcome.OUTCOME_UNKNOWN, m);
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE message SET status = 'canceled', reason = 'canceled',"
                    + " next_attempt_at = NULL, lease_owner = NULL, updated_at = ? WHERE id = ?")) {
                Jdbc.setTime(ps, 1, now);
                ps.setString(2, id);
                ps.executeUpdate();
            }
            Events.insert(c, id, "canceled", "api", true, null, "canceled by DELETE /api/v1/messages/" + id
                    + " (was " + m.status() + ")", null, now);
            return new Result(Outcome.CANCELED, MessageStore.findOne(c, "SELECT " + MessageStore.COLUMNS + " FROM message WHERE id = ?", id)
                    .orElseThrow());
        });
    }
}
