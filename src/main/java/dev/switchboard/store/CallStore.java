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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What calls add to the outbox: calling again after busy or no-answer (when the request asked), the
 * calls a retry replaced, and recordings kept with their call.
 */
public final class CallStore {

    /** A recording (voicemail) as Twilio reported it; fields not yet known are null. */
    public record Recording(String recordingSid, String callSid, String messageId, String url, Integer durationSeconds,
                            String status, String transcription, String transcriptionStatus) {
    }

    private final DataSource ds;
    private final Clock clock;

    public CallStore(DataSource ds, Clock clock) {
        this.ds = ds;
        this.clock = clock;
    }

    /**
     * Puts busy/no-answer calls that still have retries back into the outbox, due after their request's
     * delay. The replaced call's SID is remembered so its late callbacks stay history. Returns how many.
     */
    public int scheduleRetries(Duration defaultDelay, java.util.function.Function<String, Duration> delayOf) {
        List<String[]> due = Jdbc.read(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, twilio_sid, status, voice, call_retries_left"
                    + " FROM message WHERE channel = 'voice' AND status IN ('busy', 'no-answer')"
                    + " AND call_retries_left > 0 AND twilio_sid IS NOT NULL ORDER BY updated_at LIMIT 100")) {
                List<String[]> rows = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                String.valueOf(rs.getInt(5))});
                    }
                }
                return rows;
            }
        });
        int scheduled = 0;
        for (String[] row : due) {
            Duration delay = row[3] == null ? defaultDelay : delayOf.apply(row[3]);
            if (Jdbc.inTransaction(ds, c -> retry(c, row[0], row[1], row[2], Integer.parseInt(row[4]), delay))) {
                scheduled++;
            }
        }
        return scheduled;
    }

    private boolean retry(Connection c, String id, String sid, String status, int left, Duration delay)
            throws SQLException {
        Instant now = clock.instant();
        Instant at = now.plus(delay);
        int updated;
        // Guarded by the SID and status read: two instances sweeping at once schedule it once.
        try (PreparedStatement ps = c.prepareStatement("UPDATE message SET status = 'scheduled', reason = 'call_retry',"
                + " call_retries_left = call_retries_left - 1, twilio_sid = NULL, check_at = NULL, next_attempt_at = ?,"
                + " updated_at = ?"
                + " WHERE id = ? AND twilio_sid = ? AND status = ? AND call_retries_left = ?")) {
            Jdbc.setTime(ps, 1, at);
            Jdbc.setTime(ps, 2, now);
            ps.setString(3, id);
            ps.setString(4, sid);
            ps.setString(5, status);
            ps.setInt(6, left);
            updated = ps.executeUpdate();
        }
        if (updated == 0) {
            return false;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO call_attempt (call_sid, message_id, status, replaced_at) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, sid);
            ps.setString(2, id);
            ps.setString(3, status);
            Jdbc.setTime(ps, 4, now);
            ps.executeUpdate();
        }
        Events.insert(c, id, "scheduled", "call-retry", true, null, "call " + sid + " was " + status + ": calling again at "
                + at + " (" + (left - 1) + " more retr" + (left - 1 == 1 ? "y" : "ies") + " left)", null, now);
        return true;
    }

    /** The message whose earlier, replaced call had this SID. */
    public Optional<String> replacedCall(String callSid) {
        return Jdbc.read(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT message_id FROM call_attempt WHERE call_sid = ?")) {
                ps.setString(1, callSid);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    /** Keeps a late callback of a replaced call in the message's history, once, without changing its status. */
    public boolean recordReplacedCallEvent(String messageId, String callSid, String status, Integer errorCode,
                                           String dedupeKey) {
        try {
            return Jdbc.inTransaction(ds, c -> {
                if (Events.exists(c, messageId, dedupeKey)) {
                    return false;
                }
                Events.insert(c, messageId, status, "twilio-callback", false, errorCode,
                        "from the earlier call " + callSid + ", replaced by a retry", dedupeKey, clock.instant());
                return true;
            });
        } catch (StoreException e) {
            if (Jdbc.isUniqueViolation(e)) {
                return false;
            }
            throw e;
        }
    }

    /** Creates or completes a recording: Twilio reports URL, duration and transcription in separate callbacks. */
    public void saveRecording(Recording r) {
        try {
            Jdbc.inTransaction(ds, c -> upsert(c, r));
        } catch (StoreException e) {
            if (!Jdbc.isUniqueViolation(e)) {
                throw e;
            }
            Jdbc.inTransaction(ds, c -> upsert(c, r)); // two callbacks raced to insert: the second one updates
        }
    }

    private Void upsert(Connection c, Recording r) throws SQLException {
        Instant now = clock.instant();
        int updated;
        try (PreparedStatement ps = c.prepareStatement("UPDATE call_recording SET url = COALESCE(?, url),"
                + " duration_seconds = COALESCE(?, duration_seconds), status = COALESCE(?, status),"
                + " transcription = COALESCE(?, transcription), transcription_status = COALESCE(?, transcription_status),"
                + " updated_at = ? WHERE recording_sid = ?")) {
            bindCommon(ps, r, 1);
            Jdbc.setTime(ps, 6, now);
            ps.setString(7, r.recordingSid());
            updated = ps.executeUpdate();
        }
        if (updated > 0) {
            return null;
        }
        String messageId = messageOfCall(c, r.callSid());
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO call_recording (url, duration_seconds, status,"
                + " transcription, transcription_status, created_at, updated_at, recording_sid, call_sid, message_id)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            bindCommon(ps, r, 1);
            Jdbc.setTime(ps, 6, now);
            Jdbc.setTime(ps, 7, now);
            ps.setString(8, r.recordingSid());
            ps.setString(9, r.callSid());
            ps.setString(10, messageId);
            ps.executeUpdate();
        }
        return null;
    }

    private static void bindCommon(PreparedStatement ps, Recording r, int from) throws SQLException {
        ps.setString(from, Events.truncate(r.url(), 1024));
        if (r.durationSeconds() == null) {
            ps.setNull(from + 1, Types.INTEGER);
        } else {
            ps.setInt(from + 1, r.durationSeconds());
        }
        ps.setString(from + 2, r.status());
        ps.setString(from + 3, r.transcription());
        ps.setString(from + 4, r.transcriptionStatus());
    }

    private static String messageOfCall(Connection c, String callSid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM message WHERE twilio_sid = ?"
                + " UNION SELECT message_id FROM call_attempt WHERE call_sid = ?")) {
            ps.setString(1, callSid);
            ps.setString(2, callSid);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** Recordings of a call, oldest first. */
    public List<Recording> recordingsOfCall(String callSid) {
        return recordings("call_sid", callSid);
    }

    /** Recordings made on the calls of a message, oldest first. */
    public List<Recording> recordingsOfMessage(String messageId) {
        return recordings("message_id", messageId);
    }

    private List<Recording> recordings(String column, String value) {
        return Jdbc.read(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT recording_sid, call_sid, message_id, url,"
                    + " duration_seconds, status, transcription, transcription_status FROM call_recording WHERE "
                    + ("call_sid".equals(column) ? "call_sid" : "message_id") + " = ? ORDER BY created_at, recording_sid")) {
                ps.setString(1, value);
                List<Recording> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Recording(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                Jdbc.getInteger(rs, "duration_seconds"), rs.getString(6), rs.getString(7), rs.getString(8)));
                    }
                }
                return out;
            }
        });
    }

    /** A recording as the API shows it. */
    public static Map<String, Object> json(Recording r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("recordingSid", r.recordingSid());
        m.put("callSid", r.callSid());
        m.put("url", r.url());
        m.put("durationSeconds", r.durationSeconds());
        m.put("status", r.status());
        m.put("transcription", r.transcription());
        m.put("transcriptionStatus", r.transcriptionStatus());
        return m;
    }
}
