package dev.switchboard.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.Json;
import dev.switchboard.testing.RunningSwitchboard;
import dev.switchboard.testing.TestDatabases;
import dev.switchboard.testing.WebhookReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.switchboard.webhook.WebhookTesting.endpoint;
import static dev.switchboard.webhook.WebhookTesting.sms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Answers that end a delivery, an endpoint disabled after failures in a row and enabled again, redirects, slow receivers. */
class WebhookFailuresIT {

    private static RunningSwitchboard sb;

    @BeforeAll
    static void start() {
        Map<String, String> s = WebhookTesting.settings(TestDatabases.freshPostgresSchema("webhook_failures"));
        s.put("switchboard.webhook.disable-after", "3");
        s.put("switchboard.webhook.retry-base-ms", "100");
        s.put("switchboard.webhook.retry-max-ms", "300");
        s.put("switchboard.webhook.timeout-ms", "1500");
        s.put("switchboard.webhook.follow-redirects", "true");
        sb = RunningSwitchboard.start(s);
    }

    @BeforeEach
    void noEndpoints() {
        WebhookTesting.clear(sb);
    }

    @AfterAll
    static void stop() {
        if (sb != null) {
            sb.close();
        }
    }

    @Test
    void a_4xx_answer_is_final_after_one_attempt() {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            String[] e = endpoint(sb, receiver.url("/gone"), "message.delivered");
            receiver.plan(410, 600_000, 0, null, List.of(e[1]));
            String id = sms(sb, "+14155550601", "four-ten");
            JsonNode d = await().atMost(Duration.ofSeconds(30)).until(() -> delivery(id), x -> x != null
                    && x.get("state").asText().equals("failed"));
            assertThat(d.get("attempts").asInt()).isEqualTo(1);
            assertThat(d.get("lastStatus").asInt()).isEqualTo(410);
            assertThat(d.get("history")).hasSize(1);
            assertThat(receiver.received()).hasSize(1);
        }
    }

    @Test
    void failing_in_a_row_disables_the_endpoint_and_enabling_it_delivers_what_waited() {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            String[] e = endpoint(sb, receiver.url("/down"), "message.delivered");
            receiver.plan(500, 600_000, 0, null, List.of(e[1]));
            String first = sms(sb, "+14155550602", "down-1");
            await().atMost(Duration.ofSeconds(30)).until(() -> !endpointState(e[0]).get("enabled").asBoolean());
            JsonNode state = endpointState(e[0]);
            assertThat(state.get("failures").asInt()).isEqualTo(3);
            assertThat(state.get("disabledReason").asText()).startsWith("3 failed attempts in a row").contains("HTTP 500");
            assertThat(receiver.received()).hasSize(3);
            assertThat(sb.get("/observe/metrics").body()).contains("switchboard_webhook_disabled_total{endpoint=\"" + e[0]);

            String second = sms(sb, "+14155550603", "down-2"); // while disabled: kept, not sent
            await().atMost(Duration.ofSeconds(30)).until(() -> delivery(second) != null);
            assertThat(receiver.received()).hasSize(3);
            assertThat(endpointState(e[0]).get("pending").asInt()).isEqualTo(2);

            receiver.plan(204, 0, 0, null, List.of(e[1]));
            HttpResponse<String> enabled = sb.post("/api/v1/webhooks/" + e[0] + "/enable", "", Map.of());
            assertThat(enabled.statusCode()).as(enabled.body()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(30)).until(() -> delivery(first).get("state").asText().equals("delivered")
                    && delivery(second).get("state").asText().equals("delivered"));
            assertThat(receiver.received()).filteredOn(r -> r.get("status").asInt() == 204).hasSize(2);
        }
    }

    @Test
    void a_redirect_to_the_metadata_service_is_refused_and_not_followed() {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            String[] e = endpoint(sb, receiver.url("/moved"), "message.delivered");
            receiver.plan(302, 600_000, 0, "http://169.254.169.254/latest/meta-data/", List.of(e[1]));
            String id = sms(sb, "+14155550604", "redirect");
            JsonNode d = await().atMost(Duration.ofSeconds(30)).until(() -> delivery(id),
                    x -> x != null && x.get("state").asText().equals("failed"));
            assertThat(d.get("lastError").asText()).isEqualTo("refused: the webhook URL's host 169.254.169.254 resolves to"
                    + " 169.254.169.254, a link-local address (such as the cloud metadata service): never allowed");
            assertThat(d.get("attempts").asInt()).isEqualTo(1);
        }
    }

    @Test
    void a_receiver_slower_than_the_timeout_is_retried_and_recorded_as_a_timeout() {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            String[] e = endpoint(sb, receiver.url("/slow"), "message.delivered");
            receiver.plan(204, 0, 5_000, null, List.of(e[1]));
            String id = sms(sb, "+14155550605", "slow");
            JsonNode d = await().atMost(Duration.ofSeconds(30)).until(() -> delivery(id),
                    x -> x != null && x.get("history").size() >= 1);
            assertThat(d.get("history").get(0).get("error").asText()).startsWith("timeout");
            assertThat(d.get("history").get(0).get("durationMs").asInt()).isBetween(1400, 4000);
            receiver.plan(204, 0, 0, null, List.of(e[1]));
            sb.post("/api/v1/webhooks/" + e[0] + "/enable", "", Map.of());
            await().atMost(Duration.ofSeconds(30)).until(() -> delivery(id).get("state").asText().equals("delivered"));
        }
    }

    private static JsonNode endpointState(String id) {
        return Json.parse(sb.get("/api/v1/webhooks/" + id).body());
    }

    /** The message's one delivery (each test's endpoint wants only message.delivered), or null. */
    private static JsonNode delivery(String messageId) {
        JsonNode items = Json.parse(sb.get("/api/v1/messages/" + messageId + "/webhooks").body()).get("items");
        return items.isEmpty() ? null : items.get(0);
    }
}
