package dev.switchboard.store;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Webhook events and their deliveries ({@code webhook_event}, {@code webhook_delivery}, {@code webhook_attempt}):
 * written by the fan-out, claimed by senders with a lease (one instance sends a delivery at a time; a crashed
 * instance's attempt comes due again when its lease ends), and every attempt recorded.
 */
public final class WebhookDeliveries {

    /** An event for the endpoints that want it. */
    public record NewEvent(String id, String type, String messageId, String payload, List<String> endpointIds) {
    }

    /** A delivery leased for one attempt ({@code attempt} counts from 1). */
    public record Claimed(long id, String endpointId, String eventId, int attempt, Instant firstAttemptAt,
                          String payload) {
    }

    public record Attempt(Instant at, Integer statusCode, int durationMs, String error) {
    }


    public static final String PENDING = "pending";
    public static final String DELIVERED = "delivered";
    public static final String FAILED = "failed";


    private final DataSource ds;
    private final Clock clock;

    public WebhookDeliveries(DataSource ds, Clock clock) {
        this.ds = ds;
        this.clock = clock;
    }

    /** Writes events and one pending delivery per endpoint, in the caller's transaction (the fan-out's). */
    public static void insert(Connection c, List<NewEvent> events, Instant now) throws SQLException {
        try (PreparedStatement event = c.prepareStatement("INSERT INTO webhook_event (id, type, message_id, payload,"
                + " created_at) VALUES (?, ?, ?, ?, ?)");
             PreparedStatement delivery = c.prepareStatement(insertDelivery())) {
            for (NewEvent e : events) {
                event.setString(1, e.id());
                event.setString(2, e.type());
                event.setString(3, e.messageId());
                event.setString(4, e.payload());
                Jdbc.setTime(event, 5, now);
                event.addBatch();
                for (String endpoint : e.endpointIds()) {
                    bindDelivery(delivery, endpoint, e.id(), now);
                    delivery.addBatch();
                }
            }
            event.executeBatch();
            delivery.executeBatch();
        }
    }

    private static String insertDelivery() {
        return "INSERT INTO webhook_delivery (endpoint_id, event_id, state, attempts, next_attempt_at, created_at)"
                + " VALUES (?, ?, 'pending', 0, ?, ?)";
    }

    private static void bindDelivery(PreparedStatement ps, String endpoint, String eventId, Instant now)
            throws SQLException {
        ps.setString(1, endpoint);
        ps.setString(2, eventId);
        Jdbc.setTime(ps, 3, now);
        Jdbc.setTime(ps, 4, now);
    }

    /**
     * Replay: each event is sent to the endpoint again, under its own id. An event never written is written; a
     * delivery that exists is pending again with a new retry window. Returns how many deliveries are now pending.
     */
    public int requeue(String endpointId, List<NewEvent> events) {
        Instant now = clock.instant();
        return Jdbc.inTransaction(ds, c -> {
            int queued = 0;
            for (NewEvent e : events) {
                try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM webhook_event WHERE id = ?")) {
                    ps.setString(1, e.id());
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            insert(c, List.of(new NewEvent(e.id(), e.type(), e.messageId(), e.payload(), List.of())), now);
                        }
                    }
                }
                int updated;
                try (PreparedStatement ps = c.prepareStatement("UPDATE webhook_delivery SET state = 'pending',"
                        + " next_attempt_at = ?, first_attempt_at = NULL WHERE endpoint_id = ? AND event_id = ?")) {
                    Jdbc.setTime(ps, 1, now);
                    ps.setString(2, endpointId);
                    ps.setString(3, e.id());
                    updated = ps.executeUpdate();
                }
                if (updated == 0) {
                    try (PreparedStatement ps = c.prepareStatement(insertDelivery())) {
                        bindDelivery(ps, endpointId, e.id(), now);
                        ps.executeUpdate();
                    }
                }
                queued++;
            }
            return queued;
        });
    }

    /** Endpoints with a delivery due now that may be attempted (enabled, not waiting out a failure). */
    public List<String> dueEndpoints(int limit) {
        Instant now = clock.instant();
        return Jdbc.read(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT d.endpoint_id FROM webhook_delivery d"
                    + " WHERE d.state = 'pending' AND d.next_attempt_at <= ? AND d.endpoint_id IN (SELECT id FROM"
                    + " webhook_endpoint WHERE enabled AND deleted_at IS NULL AND (retry_at IS NULL OR retry_at <= ?))"
                    + " LIMIT ?")) {
                Jdbc.setTime(ps, 1, now);
                Jdbc.setTime(ps, 2, now);
                ps.setInt(3, limit);
                List<String> ids = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
                return ids;
            }
        });
    }

    /**
     * Leases up to {@code limit} of an endpoint's due deliveries, oldest first: no other sender takes them until
     * {@code lease} has passed (then a crashed sender's are due again). The attempt itself is counted when recorded.
     */
    public List<Claimed> claim(String endpointId, int limit, Duration lease) {
        Instant now = clock.instant();
        return Jdbc.inTransaction(ds, c -> {
            List<Long> ids = new ArrayList<>();
            // Only while the endpoint may be called: enabled, not deleted, not waiting out a failure.
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM webhook_delivery WHERE endpoint_id = ?"
                    + " AND state = 'pending' AND next_attempt_at <= ? AND EXISTS (SELECT 1 FROM webhook_endpoint e"
                    + " WHERE e.id = ? AND e.enabled AND e.deleted_at IS NULL AND (e.retry_at IS NULL OR e.retry_at <= ?))"
                    + " ORDER BY next_attempt_at, id LIMIT ? FOR UPDATE SKIP LOCKED")) {
                ps.setString(1, endpointId);
                Jdbc.setTime(ps, 2, now);
                ps.setString(3, endpointId);
                Jdbc.setTime(ps, 4, now);
                ps.setInt(5, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                    }
                }
            }
            if (ids.isEmpty()) {
                return List.of();
            }
            String in = String.join(",", Collections.nCopies(ids.size(), "?"));
            try (PreparedStatement ps = c.prepareStatement("UPDATE webhook_delivery SET next_attempt_at = ?"
                    + " WHERE id IN (" + in + ")")) {
                Jdbc.setTime(ps, 1, now.plus(lease));
                for (int i = 0; i < ids.size(); i++) {
                    ps.setLong(2 + i, ids.get(i));
                }
                ps.executeUpdate();
            }
            List<Claimed> claimed = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT d.id, d.endpoint_id, d.event_id, d.attempts,"
                    + " d.first_attempt_at, e.payload FROM webhook_delivery d JOIN webhook_event e ON e.id = d.event_id"
                    + " WHERE d.id IN (" + in + ") ORDER BY d.id")) {
                for (int i = 0; i < ids.size(); i++) {
                    ps.setLong(1 + i, ids.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        claimed.add(new Claimed(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4) + 1,
                                Jdbc.getTime(rs, "first_attempt_at"), rs.getString(6)));
                    }
                }
            }
            return claimed;
        });
    }

    /** One attempt's outcome: delivered, pending again at {@code next}, or failed for good ({@code next} null). */
    public record Outcome(long id, String state, Attempt attempt, Instant next) {
    }

    /** Records attempts' outcomes, many in one transaction (one commit for a burst of answers). */
    public void attempted(List<Outcome> outcomes) {
        if (outcomes.isEmpty()) {
            return;
        }
        Jdbc.inTransaction(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE webhook_delivery SET state = ?, last_status = ?,"
                    + " last_error = ?, delivered_at = ?, next_attempt_at = COALESCE(?, next_attempt_at),"
                    + " attempts = attempts + 1, last_attempt_at = ?, first_attempt_at = COALESCE(first_attempt_at, ?)"
                    + " WHERE id = ? AND state = 'pending'");
                 PreparedStatement history = c.prepareStatement("INSERT INTO webhook_attempt (delivery_id,"
                         + " attempted_at, status_code, duration_ms, error) VALUES (?, ?, ?, ?, ?)")) {
                for (Outcome o : outcomes) {
                    Attempt attempt = o.attempt();
                    ps.setString(1, o.state());
                    ps.setObject(2, attempt.statusCode());
                    ps.setString(3, truncate(attempt.error()));
                    Jdbc.setTime(ps, 4, DELIVERED.equals(o.state()) ? attempt.at() : null);
                    Jdbc.setTime(ps, 5, o.next());
                    Jdbc.setTime(ps, 6, attempt.at());
                    Jdbc.setTime(ps, 7, attempt.at());
                    ps.setLong(8, o.id());
                    ps.addBatch();
                    history.setLong(1, o.id());
                    Jdbc.setTime(history, 2, attempt.at());
                    history.setObject(3, attempt.statusCode());
                    history.setInt(4, attempt.durationMs());
                    history.setString(5, truncate(attempt.error()));
                    history.addBatch();
                }
                ps.executeBatch();
                history.executeBatch();
            }
            return null;
        });
    }

    /** Leased deliveries not attempted after all (their endpoint began failing): due again at {@code at}. */
    public void release(List<Long> ids, Instant at) {
        if (ids.isEmpty()) {
            return;
        }
        Jdbc.inTransaction(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE webhook_delivery SET next_attempt_at = ? WHERE id IN ("
                    + String.join(",", Collections.nCopies(ids.size(), "?")) + ") AND state = 'pending'")) {
                Jdbc.setTime(ps, 1, at);
                for (int i = 0; i < ids.size(); i++) {
                    ps.setLong(2 + i, ids.get(i));
                }
                return ps.executeUpdate();
            }
        });
    }

    private static String truncate(String error) {
        return error == null || error.length() <= 500 ? error : error.substring(0, 497) + "...";
    }

}
