package dev.switchboard.observe;

import dev.switchboard.testing.Backend;
import dev.switchboard.testing.ConsentApi;
import dev.switchboard.testing.Json;
import dev.switchboard.testing.RunningSwitchboard;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static dev.switchboard.observe.MetricsIT.value;
import static dev.switchboard.testing.TwilioWebhooks.inbound;
import static dev.switchboard.testing.TwilioWebhooks.post;
import static dev.switchboard.testing.TwilioWebhooks.postSigned;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The counters and latency histograms that move with events: accepted requests, dispatch, callbacks, consent. */
class EventMetricsIT {

    private static RunningSwitchboard sb;

    @BeforeAll
    static void start() {
        sb = RunningSwitchboard.start(Map.of(
                "switchboard.db.url", Backend.POSTGRES.freshDatabase("observe_events").get("switchboard.db.url")));
    }

    @AfterAll
    static void stop() {
        sb.close();
    }

    @Test
    void accepted_dispatch_and_twilio_request_metrics_move_with_a_sent_message() {
        String body = "{\"to\":\"+14155550110\",\"body\":\"timed\"}";
        String id = Json.parse(sb.post("/api/v1/messages", body, Map.of("Idempotency-Key", "metrics-1")).body())
                .get("id").asText();
        sb.post("/api/v1/messages", body, Map.of("Idempotency-Key", "metrics-1")); // a replay is not accepted again
        await().atMost(Duration.ofSeconds(10)).until(() -> message(id).get("twilioSid").isNull(), sent -> !sent);

        assertThat(value(sb, "switchboard_accepted_total{source=\"http\"}")).contains(1.0);
        await().atMost(Duration.ofSeconds(5)).until(() -> value(sb, "switchboard_dispatch_seconds_count"),
                v -> v.equals(Optional.of(1.0)));
        assertThat(value(sb, "switchboard_twilio_request_seconds_count{operation=\"message\",outcome=\"ok\"}")).contains(1.0);
        assertThat(value(sb, "switchboard_dispatch_seconds_sum")).hasValueSatisfying(s -> assertThat(s).isPositive());
        assertThat(sb.get("/observe/metrics").body()).contains("switchboard_dispatch_seconds_bucket{le=")
                .contains("switchboard_twilio_request_seconds_bucket{operation=\"message\",outcome=\"ok\",le=");
    }

    @Test
    void callbacks_are_counted_by_endpoint_and_result() {
        String sid = "SM" + UUID.randomUUID().toString().replace("-", "");
        Map<String, String> params = status(sid, "delivered");
        // Deltas: the other tests' sandbox callbacks can overtake their SID write and count as unknown_sid too.
        String forged = "switchboard_callbacks_total{endpoint=\"status\",result=\"forged\"}";
        String unknown = "switchboard_callbacks_total{endpoint=\"status\",result=\"unknown_sid\"}";
        String replay = "switchboard_callbacks_total{endpoint=\"status\",result=\"replay\"}";
        double forgedBefore = value(sb, forged).orElse(0.0);
        double unknownBefore = value(sb, unknown).orElse(0.0);
        double replayBefore = value(sb, replay).orElse(0.0);

        assertThat(post(sb, "/twilio/status", params, "forged").statusCode()).isEqualTo(403);
        String token = UUID.randomUUID().toString();
        assertThat(postSigned(sb, "/twilio/status", params, token).statusCode()).isEqualTo(200);
        assertThat(postSigned(sb, "/twilio/status", params, token).statusCode()).isEqualTo(200);

        assertThat(value(sb, forged)).contains(forgedBefore + 1);
        assertThat(value(sb, unknown)).contains(unknownBefore + 1);
        assertThat(value(sb, replay)).contains(replayBefore + 1);

        String inboundOk = "switchboard_callbacks_total{endpoint=\"inbound\",result=\"ok\"}";
        double before = value(sb, inboundOk).orElse(0.0);
        assertThat(postSigned(sb, "/twilio/inbound", inbound(sid, "+14155550111", "+15005550006", "hello"))
                .statusCode()).isEqualTo(200);
        assertThat(value(sb, inboundOk)).contains(before + 1);
        assertThat(sb.get("/observe/metrics").body()).doesNotContain(sid).doesNotContain("4155550111");
    }

    @Test
    void consent_changes_are_counted_by_state_source_and_keyword() {
        String phone = ConsentApi.uniquePhone("302");
        postSigned(sb, "/twilio/inbound", inbound("SM" + UUID.randomUUID().toString().replace("-", ""), phone,
                "+15005550006", "Stop"));
        assertThat(ConsentApi.put(sb, phone, "{\"channel\":\"sms\",\"state\":\"opted_in\"}").statusCode()).isEqualTo(200);

        assertThat(value(sb, "switchboard_consent_changes_total{keyword=\"stop\",source=\"keyword\",state=\"opted_out\"}"))
                .contains(1.0);
        assertThat(value(sb, "switchboard_consent_changes_total{keyword=\"none\",source=\"api\",state=\"opted_in\"}"))
                .contains(1.0);
        assertThat(sb.get("/observe/metrics").body()).doesNotContain(phone.substring(1));
    }

    private static com.fasterxml.jackson.databind.JsonNode message(String id) {
        return Json.parse(sb.get("/api/v1/messages/" + id).body());
    }

    private static Map<String, String> status(String sid, String status) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("AccountSid", sb.sandbox().config().accountSid());
        p.put("MessageSid", sid);
        p.put("MessageStatus", status);
        p.put("SmsStatus", status);
        p.put("To", "+14155550100");
        p.put("From", "+15005550006");
        return p;
    }
}
