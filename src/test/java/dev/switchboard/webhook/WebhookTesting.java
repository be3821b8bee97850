package dev.switchboard.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.Json;
import dev.switchboard.testing.RunningSwitchboard;
import dev.switchboard.testing.WebhookReceiver;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** What the webhook tests share: settings for a local receiver, endpoints made through the API, expected event ids. */
final class WebhookTesting {

    private WebhookTesting() {
    }

    /** A Switchboard on a fresh PostgreSQL schema that may call the local, plain-http receiver, retrying fast. */
    static Map<String, String> settings(String db) {
        Map<String, String> s = new HashMap<>();
        s.put("switchboard.db.url", db);
        s.put("switchboard.webhook.allow-http", "true");
        s.put("switchboard.webhook.allow-private", "true");
        s.put("switchboard.webhook.retry-base-ms", "200");
        s.put("switchboard.webhook.retry-max-ms", "1000");
        // At a 1 s backoff a 30 s outage is ~40 probes after a first burst of up to 8 (endpoint-concurrency): the
        // default of 50 failures in a row would sometimes disable the endpoint. Tests of disabling set their own.
        s.put("switchboard.webhook.disable-after", "1000");
        s.put("switchboard.webhook.fanout-ms", "50");
        s.put("switchboard.webhook.poll-ms", "50");
        return s;
    }

    /** Deletes every endpoint made through the API (each test starts with none). */
    static void clear(RunningSwitchboard sb) {
        for (JsonNode e : Json.parse(sb.get("/api/v1/webhooks").body()).get("items")) {
            if (!e.get("origin").asText().equals("config")) {
                sb.delete("/api/v1/webhooks/" + e.get("id").asText());
            }
        }
    }

    /** An endpoint made through the API; returns {@code {id, secret}}. */
    static String[] endpoint(RunningSwitchboard sb, String url, String... types) {
        String typeList = types.length == 0 ? "" : ",\"eventTypes\":[\"" + String.join("\",\"", types) + "\"]";
        HttpResponse<String> r = sb.post("/api/v1/webhooks", "{\"url\":\"" + url + "\"" + typeList + "}", Map.of());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode json = Json.parse(r.body());
        return new String[]{json.get("id").asText(), json.get("secret").asText()};
    }

    static String sms(RunningSwitchboard sb, String to, String body) {
        HttpResponse<String> r = sb.postMessage("{\"to\":\"" + to + "\",\"body\":\"" + body + "\",\"tags\":{\"order\":\""
                + body + "\"}}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return Json.parse(r.body()).get("id").asText();
    }

    static String status(RunningSwitchboard sb, String id) {
        return Json.parse(sb.get("/api/v1/messages/" + id).body()).get("status").asText();
    }

    /** The webhook ids of the applied status changes of these messages. */
    static Set<String> expectedIds(String db, List<String> messageIds) throws SQLException {
        Set<String> ids = new HashSet<>();
        try (Connection c = DriverManager.getConnection(db);
             PreparedStatement ps = c.prepareStatement("SELECT id FROM message_event WHERE applied = TRUE"
                     + " AND message_id = ANY (?)")) {
            ps.setArray(1, c.createArrayOf("varchar", messageIds.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add("evt_status_" + rs.getLong(1));
                }
            }
        }
        return ids;
    }

    /** Ids the receiver answered 2xx to. */
    static List<String> acknowledged(WebhookReceiver receiver) {
        return receiver.received().stream().filter(r -> r.get("status").asInt() / 100 == 2)
                .map(r -> r.get("id").asText()).toList();
    }
}
