package dev.switchboard.jms;

import dev.switchboard.domain.Channel;

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

/** Inbound SMS and WhatsApp messages ({@code inbound_message}, one per MessageSid), for two-way conversations downstream. */
public final class InboundMessageSource implements FeedSource {

    static final String ENDPOINT = "direct:inbound-message-out";

    @Override
    public String name() {
        return "inbound-messages";
    }

    @Override
    public String endpoint() {
        return ENDPOINT;
    }

    @Override
    public List<Row> read(Connection c, long after, int limit) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, message_sid, channel, from_number, to_number, body,"
                + " keyword, received_at FROM inbound_message WHERE id > ? ORDER BY id LIMIT ?")) {
            ps.setLong(1, after);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(row(rs));
                }
            }
        }
        return rows;
    }

    private static Row row(ResultSet rs) throws SQLException {
        long id = rs.getLong("id");
        String sid = rs.getString("message_sid");
        String channel = rs.getString("channel");
        String keyword = rs.getString("keyword");
        ObjectNode json = JmsRequests.JSON.createObjectNode();
        json.put("messageSid", sid);
        json.put("channel", channel);
        json.put("from", phone(rs.getString("from_number")));
        json.put("to", phone(rs.getString("to_number")));
        json.put("body", rs.getString("body"));
        json.put("keyword", keyword);
        json.put("time", rs.getObject("received_at", OffsetDateTime.class).toInstant().toString());
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("SwitchboardMessageSid", sid);
        headers.put("SwitchboardChannel", channel);
        if (keyword != null) {
            headers.put("SwitchboardKeyword", keyword);
        }
        headers.put(OutboxFeed.DUPLICATE_ID, "inbound-" + sid);
        return new Row(id, json.toString(), headers);
    }

    private static String phone(String address) {
        return address == null ? null : Channel.ofAddress(address).number(address);
    }
}
