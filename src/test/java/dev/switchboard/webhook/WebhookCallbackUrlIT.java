package dev.switchboard.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.Json;
import dev.switchboard.testing.RunningSwitchboard;
import dev.switchboard.testing.WebhookReceiver;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.switchboard.webhook.WebhookTesting.sms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A request's own webhook ({@code statusCallbackUrl}), on the embedded H2 database: its message's events, and only
 * those, signed with SWITCHBOARD_WEBHOOK_SECRET; and a URL the policy would never call refused at the front door.
 */
class WebhookCallbackUrlIT {

    @Test
    void a_request_with_its_own_url_gets_its_own_events_signed_with_the_configured_secret() {
        String secret = WebhookSigner.generate();
        Map<String, String> s = new HashMap<>();
        s.put("switchboard.webhook.secret", secret);
        s.put("switchboard.webhook.allow-http", "true");
        s.put("switchboard.webhook.allow-private", "true");
        s.put("switchboard.webhook.fanout-ms", "50");
        s.put("switchboard.webhook.poll-ms", "50");
        try (RunningSwitchboard sb = RunningSwitchboard.start(s); WebhookReceiver receiver = WebhookReceiver.start()) {
            receiver.plan(204, 0, 0, null, List.of(secret));
            HttpResponse<String> r = sb.postMessage("{\"to\":\"+14155550801\",\"body\":\"mine\",\"statusCallbackUrl\":\""
                    + receiver.url("/own?order=42") + "\"}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
            String id = Json.parse(r.body()).get("id").asText();
            String other = sms(sb, "+14155550802", "not-mine");
            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received().stream()
                    .anyMatch(x -> "message.delivered".equals(x.get("type").asText(null))));
            await().atMost(Duration.ofSeconds(30)).until(() -> WebhookTesting.status(sb, other).equals("delivered"));

            List<JsonNode> got = receiver.received();
            assertThat(got).allSatisfy(x -> {
                assertThat(x.get("verified").get(0).asBoolean()).isTrue();
                assertThat(x.get("path").asText()).isEqualTo("/own?order=42");
                assertThat(Json.parse(x.get("body").asText()).get("data").get("id").asText()).isEqualTo(id);
            });
            assertThat(got.stream().map(x -> x.get("type").asText()).toList())
                    .contains("message.accepted", "message.queued", "message.delivered");
            JsonNode endpoints = Json.parse(sb.get("/api/v1/webhooks").body()).get("items");
            assertThat(endpoints).hasSize(1);
            assertThat(endpoints.get(0).get("origin").asText()).isEqualTo("request");

            HttpResponse<String> refused = sb.postMessage("{\"to\":\"+14155550803\",\"body\":\"x\","
                    + "\"statusCallbackUrl\":\"http://169.254.169.254/latest/meta-data\"}");
            assertThat(refused.statusCode()).isEqualTo(422);
            assertThat(refused.body()).contains("invalid_status_callback_url").contains("link-local");
            assertThat(sb.postMessage("{\"to\":\"+14155550803\",\"body\":\"x\",\"statusCallbackUrl\":\"mailto:a@b.c\"}")
                    .body()).contains("invalid_status_callback_url");
        }
    }

    @Test
    void without_a_configured_secret_a_request_cannot_name_its_own_url() {
        try (RunningSwitchboard sb = RunningSwitchboard.start(Map.of())) {
            HttpResponse<String> r = sb.postMessage("{\"to\":\"+14155550804\",\"body\":\"x\","
                    + "\"statusCallbackUrl\":\"https://hooks.example.com/x\"}");
            assertThat(r.statusCode()).isEqualTo(422);
            assertThat(r.body()).contains("status_callback_unavailable").contains("SWITCHBOARD_WEBHOOK_SECRET");
        }
    }
}
