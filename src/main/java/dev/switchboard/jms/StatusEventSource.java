package dev.switchboard.jms;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Applied status changes ({@code message_event}, {@code applied = true}) with their message's recipient and tags. */
public final class StatusEventSource implements FeedSource {

    static final String ENDPOINT = "direct:status-event-out";

    // previousStatus: the message's applied event just before this one (index message_event_message).
    private static final String SQL = "SELECT e.id, e.message_id, e.status, e.applied, e.error_code, e.occurred_at,"
            + " m.to_number, COALESCE(m.sent_channel, m.channel) AS channel, m.tags, m.twilio_sid,"
            + " (SELECT p.status FROM message_event p WHERE p.message_id = e.message_id AND p.applied = TRUE"
            + " AND p.id < e.id ORDER BY p.id DESC LIMIT 1) AS previous_status"
            + " FROM message_event e JOIN message m ON m.id = e.message_id"
            + " WHERE e.id > ? ORDER BY e.id LIMIT ?";

    @Override
    public String name() {
        return "status-events";
    }

    @Override
    public String endpoint() {
        return ENDPOINT;
    }

    @Override
    public List<Row> read(Connection c, long after, int limit) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(SQL)) {
            ps.setLong(1, after);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long id = rs.getLong("id");
                    rows.add(rs.getBoolean("applied") ? row(id, rs) : new Row(id, null, Map.of()));
                }
            }
        }
        return rows;
    }

    private static Row row(long id, ResultSet rs) throws SQLException {
        String messageId = rs.getString("message_id");
        String status = rs.getString("status");
        String channel = rs.getString("channel");
        ObjectNode json = JmsRequests.JSON.createObjectNode();
        json.put("eventId", id);
        json.put("id", messageId);
        json.put("status", status);
        json.put("previousStatus", rs.getString("previous_status"));
        json.put("channel", channel);
        json.put("to", rs.getString("to_number"));
        json.put("twilioSid", rs.getString("twilio_sid"));
        int errorCode = rs.getInt("error_code");
        if (rs.wasNull()) {
            json.putNull("errorCode");
        } else {
            json.put("errorCode", errorCode);
        }
        json.put("time", rs.getObject("occurred_at", OffsetDateTime.class).toInstant().toString());
        json.set("tags", tags(rs.getString("tags")));
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("SwitchboardEventId", id);
        headers.put("SwitchboardMessageId", messageId);
        headers.put("SwitchboardStatus", status);
        headers.put("SwitchboardChannel", channel);
        // Artemis drops a republished event it has already seen (its duplicate-id cache).
        headers.put(OutboxFeed.DUPLICATE_ID, "status-event-" + id);
        return new Row(id, json.toString(), headers);
    }

    private static ObjectNode tags(String tagsJson) {
        if (tagsJson == null) {
            return JmsRequests.JSON.createObjectNode();
        }
        try {
            return (ObjectNode) JmsRequests.JSON.readTree(tagsJson);
        } catch (JsonProcessingException | ClassCastException e) {
            throw new IllegalStateException("message.tags holds a JSON object written by the front door", e);
        }
    }
}
