package dev.switchboard.store;

import dev.switchboard.domain.CheckSchedule;
import dev.switchboard.domain.MessageStatus;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntPredicate;

/**
 * Applies the statuses Twilio reports: every report is kept once in the history, and the message's
 * status only ever moves forward (callbacks arrive out of order).
 */
public final class StatusStore {

    private static final Logger LOG = LoggerFactory.getLogger(StatusStore.class);

    /** What became of one report. */
    public enum Outcome { APPLIED, RECORDED, DUPLICATE, UNKNOWN_SID }

    private final DataSource ds;
    private final Clock clock;
    private final ConsentStore consents;
    private final IntPredicate optsOut;
    private final CheckSchedule checks;

    /** {@code optsOut} says which Twilio error codes mean the recipient opted out (21610). */
    public StatusStore(DataSource ds, Clock clock, ConsentStore consents, IntPredicate optsOut) {
        this(ds, clock, consents, optsOut, CheckSchedule.DEFAULT);
    }

    /** {@code checks}: when a message not yet final is fetched from Twilio after each status change. */
    public StatusStore(DataSource ds, Clock clock, ConsentStore consents, IntPredicate optsOut, CheckSchedule checks) {
        this.ds = ds;
        this.clock = clock;
        this.consents = consents;
        this.optsOut = optsOut;
        this.checks = checks;
    }

    /** When a message not yet final is fetched from Twilio (lost callbacks). */
    public CheckSchedule checks() {
        return checks;
    }

    public Outcome apply(StatusReport report) {
        return apply(report, "twilio-callback");
    }

    /** As {@link #apply(StatusReport)}, recorded as coming from {@code source} (e.g. a fetch from Twilio). */
    public Outcome apply(StatusReport report, String source) {
        return apply(report, source, null);
    }

    /**
     * As {@link #apply(StatusReport, String)}, recording the webhook's {@code I-Twilio-Idempotency-Token}
     * (when not null) in the same transaction: handled and remembered together, or neither. The same token
     * delivered twice at once: the second waits for the first, fails its insert and counts as a duplicate.
     */
    public Outcome apply(StatusReport report, String source, String webhookToken) {
        try {
            return Jdbc.inTransaction(ds, c -> {
                if (webhookToken != null) {
                    WebhookTokenStore.insert(c, webhookToken, clock.instant());
                }
                return apply(c, report, source);
            });
        } catch (StoreException e) {
            if (Jdbc.isUniqueViolation(e)) {
                return Outcome.DUPLICATE; // the same report raced itself in; the first one counts
            }
            throw e;
        }
    }

    private Outcome apply(Connection c, StatusReport report, String source) throws SQLException {
        Optional<String[]> row = lockBySid(c, report.twilioSid());
        Instant now = clock.instant();
        if (row.isEmpty()) {
            keepOrphan(c, report, now);
            return Outcome.UNKNOWN_SID;
        }
        String id = row.get()[0];
        MessageStatus current = MessageStatus.fromWire(row.get()[1]).orElse(MessageStatus.ACCEPTED);
        if (Events.exists(c, id, report.dedupeKey())) {
            return Outcome.DUPLICATE;
        }
        if (report.errorCode() != null && optsOut.test(report.errorCode())) {
            consents.record(c, new Consent(row.get()[2], row.get()[3], Consent.OPTED_OUT,
                    "twilio_" + report.errorCode(), report.errorMessage(), null, null, null));
        }
        Optional<MessageStatus> next = MessageStatus.fromWire(report.status());
        // Twilio's own accepted/scheduled (Messaging Services) are history, not a step of our status.
        boolean applied = next.isPresent()
                && next.get() != MessageStatus.ACCEPTED && next.get() != MessageStatus.SCHEDULED
                && MessageStatus.mayAdvance(current, next.get());
        Events.insert(c, id, report.status(), source, applied, report.errorCode(),
                applied ? report.errorMessage() : describeIgnored(current, report), report.dedupeKey(), now);
        if (applied) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE message SET status = ?,"
                    + " error_code = COALESCE(?, error_code), error_message = COALESCE(?, error_message),"
                    + " updated_at = ?, check_at = ? WHERE id = ?")) {
                ps.setString(1, next.get().wireName());
                if (report.errorCode() == null) {
                    ps.setNull(2, Types.INTEGER);
                } else {
                    ps.setInt(2, report.errorCode());
                }
                ps.setString(3, report.errorMessage());
                Jdbc.setTime(ps, 4, now);
                // A lost callback after this one is noticed the schedule's first delay from now.
                Jdbc.setTime(ps, 5, checks.firstAfter(now, next.get().isFinal()));
                ps.setString(6, id);
                ps.executeUpdate();
            }
        }
        if (applied) {
            // One line per state change (message id here, route id in the MDC), once the change is committed.
            MessageStatus to = next.get();
            Jdbc.afterCommit(() -> LOG.info("Message {} {} -> {} ({}{})", id, current.wireName(), to.wireName(), source,
                    report.errorCode() == null ? "" : ", error " + report.errorCode()));
        }
        return applied ? Outcome.APPLIED : Outcome.RECORDED;
    }

    private static String describeIgnored(MessageStatus current, StatusReport report) {
        return "kept in history; status stays " + current.wireName()
                + (report.errorMessage() == null ? "" : " (" + report.errorMessage() + ")");
    }

    /** Locks the message row so reports for one message apply one at a time. */
    private static Optional<String[]> lockBySid(Connection c, String sid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, status, to_number, COALESCE(sent_channel, channel)"
                + " FROM message WHERE twilio_sid = ? FOR UPDATE")) {
            ps.setString(1, sid);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new String[] {rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4)}) : Optional.empty();
            }
        }
    }

    private static void keepOrphan(Connection c, StatusReport report, Instant now) throws SQLException {
        try (PreparedStatement check = c.prepareStatement("SELECT 1 FROM callback_orphan WHERE dedupe_key = ?")) {
            check.setString(1, report.dedupeKey());
            try (ResultSet rs = check.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO callback_orphan (twilio_sid, status, error_code,"
                + " params, dedupe_key, received_at, error_message) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, report.twilioSid());
            ps.setString(2, report.status());
            if (report.errorCode() == null) {
                ps.setNull(3, Types.INTEGER);
            } else {
                ps.setInt(3, report.errorCode());
            }
            ps.setString(4, report.paramsJson());
            ps.setString(5, report.dedupeKey());
            Jdbc.setTime(ps, 6, now);
            ps.setString(7, Events.truncate(report.errorMessage(), 1024));
            ps.executeUpdate();
        }
    }

    /** Applies callbacks that arrived before the dispatcher stored their SID (inside its transaction). */
    void replayOrphans(Connection c, String sid) throws SQLException {
        List<StatusReport> waiting = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT status, error_code, error_message, params, dedupe_key FROM callback_orphan"
                + " WHERE twilio_sid = ? AND resolved_at IS NULL ORDER BY id")) {
            ps.setString(1, sid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    waiting.add(new StatusReport(sid, rs.getString("status"), Jdbc.getInteger(rs, "error_code"),
                            rs.getString("error_message"), rs.getString("params"), rs.getString("dedupe_key")));
                }
            }
        }
        for (StatusReport report : waiting) {
            apply(c, report, "twilio-callback");
        }
        if (!waiting.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE callback_orphan SET resolved_at = ? WHERE twilio_sid = ? AND resolved_at IS NULL")) {
                Jdbc.setTime(ps, 1, clock.instant());
                ps.setString(2, sid);
                ps.executeUpdate();
            }
        }
    }

    /** Unresolved callbacks for unknown SIDs, for inspection. */
    public long orphanCount() {
        return Jdbc.read(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM callback_orphan WHERE resolved_at IS NULL");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
