package dev.switchboard.store;

import javax.sql.DataSource;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What webhook deliveries did, read for the API, the status page and the metrics, and erased after the retention
 * period ({@link WebhookDeliveries} writes them).
 */
public final class WebhookHistory {

    public record Delivery(long id, String endpointId, String eventId, String type, String messageId, String state,
                           int attempts, Instant nextAttemptAt, Integer lastStatus, String lastError,
                           Instant deliveredAt, Instant createdAt, List<WebhookDeliveries.Attempt> history) {
    }

    private static final String DELIVERY_COLUMNS = "d.id, d.endpoint_id, d.event_id, e.type, e.message_id, d.state,"
            + " d.attempts, d.next_attempt_at, d.last_status, d.last_error, d.delivered_at, d.created_at";

    private final DataSource ds;

    public WebhookHistory(DataSource ds) {
        this.ds = ds;
    }

    /** The deliveries of one message's events, with their attempts. */
    public List<Delivery> forMessage(String messageId) {
        return deliveries("e.message_id = ? ORDER BY d.id", messageId, 1000);
    }

    /** An endpoint's deliveries, newest first. */
    public List<Delivery> forEndpoint(String endpointId, int limit) {
        return deliveries("d.endpoint_id = ? ORDER BY d.id DESC", endpointId, limit);
    }

    private List<Delivery> deliveries(String where, String key, int limit) {
        return Jdbc.read(ds, c -> {
            Map<Long, Delivery> found = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + DELIVERY_COLUMNS + " FROM webhook_delivery d"
                    + " JOIN webhook_event e ON e.id = d.event_id WHERE " + where + " LIMIT ?")) {
                ps.setString(1, key);
                ps.setInt(2, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long id = rs.getLong("id");
                        found.put(id, new Delivery(id, rs.getString("endpoint_id"), rs.getString("event_id"),
                                rs.getString("type"), rs.getString("message_id"), rs.getString("state"),
                                rs.getInt("attempts"), Jdbc.getTime(rs, "next_attempt_at"),
                                Jdbc.getInteger(rs, "last_status"), rs.getString("last_error"),
                                Jdbc.getTime(rs, "delivered_at"), Jdbc.getTime(rs, "created_at"), new ArrayList<>()));
                    }
                }
            }
            if (!found.isEmpty()) {
                String in = String.join(",", Collections.nCopies(found.size(), "?"));
                try (PreparedStatement ps = c.prepareStatement("SELECT delivery_id, attempted_at, status_code,"
                        + " duration_ms, error FROM webhook_attempt WHERE delivery_id IN (" + in + ") ORDER BY id")) {
                    int i = 1;
                    for (Long id : found.keySet()) {
                        ps.setLong(i++, id);
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            found.get(rs.getLong(1)).history().add(new WebhookDeliveries.Attempt(Jdbc.getTime(rs, "attempted_at"),
                                    Jdbc.getInteger(rs, "status_code"), rs.getInt("duration_ms"), rs.getString("error")));
                        }
                    }
                }
            }
            return List.copyOf(found.values());
        });
    }

    /** Pending deliveries per endpoint. */
    public Map<String, Long> pendingByEndpoint() {
        return Jdbc.read(ds, c -> {
            Map<String, Long> counts = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT endpoint_id, COUNT(*) FROM webhook_delivery"
                    + " WHERE state = 'pending' GROUP BY endpoint_id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.put(rs.getString(1), rs.getLong(2));
                }
            }
            return counts;
        });
    }

    /** When the oldest event still waiting for an enabled endpoint was made (null: none waits). */
    public Instant oldestPending() {
        return Jdbc.read(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT MIN(d.created_at) AS oldest FROM webhook_delivery d"
                    + " WHERE d.state = 'pending' AND d.endpoint_id IN (SELECT id FROM webhook_endpoint"
                    + " WHERE enabled AND deleted_at IS NULL)");
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Jdbc.getTime(rs, "oldest") : null;
            }
        });
    }

    /** Retention: events made before {@code before}, their deliveries and attempts, a batch at a time. */
    public int purge(Instant before, int batch) {
        return Jdbc.inTransaction(ds, c -> {
            List<String> events = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id FROM webhook_event WHERE created_at < ? ORDER BY created_at LIMIT ?")) {
                Jdbc.setTime(ps, 1, before);
                ps.setInt(2, batch);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        events.add(rs.getString(1));
                    }
                }
            }
            if (events.isEmpty()) {
                return 0;
            }
            String in = String.join(",", Collections.nCopies(events.size(), "?"));
            for (String sql : List.of("DELETE FROM webhook_attempt WHERE delivery_id IN (SELECT id FROM"
                    + " webhook_delivery WHERE event_id IN (" + in + "))",
                    "DELETE FROM webhook_delivery WHERE event_id IN (" + in + ")",
                    "DELETE FROM webhook_event WHERE id IN (" + in + ")")) {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    for (int i = 0; i < events.size(); i++) {
                        ps.setString(i + 1, events.get(i));
                    }
                    ps.executeUpdate();
                }
            }
            return events.size();
        });
    }
}
