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
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.switchboard.webhook.WebhookTesting.acknowledged;
import static dev.switchboard.webhook.WebhookTesting.endpoint;
import static dev.switchboard.webhook.WebhookTesting.expectedIds;
import static dev.switchboard.webhook.WebhookTesting.sms;
import static dev.switchboard.webhook.WebhookTesting.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Status webhooks end to end: real status changes, a real receiver (node) that checks every signature with the
 * Standard Webhooks reference library, outages, rotation and replay.
 */
class WebhooksIT {

    private static String db;
    private static RunningSwitchboard sb;

    @BeforeAll
    static void start() {
        db = TestDatabases.freshPostgresSchema("webhooks");
        sb = RunningSwitchboard.start(WebhookTesting.settings(db));
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
    void every_status_change_arrives_signed_as_the_reference_library_verifies() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            String[] endpoint = endpoint(sb, receiver.url("/hooks"));
            receiver.plan(204, 0, 0, null, List.of(endpoint[1]));
            List<String> messages = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                messages.add(sms(sb, "+1415555020" + i, "order-" + i));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> messages.stream().allMatch(m -> status(sb, m).equals("delivered")));
            Set<String> expected = expectedIds(db, messages);
            await().atMost(Duration.ofSeconds(30)).until(() -> new HashSet<>(acknowledged(receiver)).containsAll(expected));

            List<JsonNode> got = receiver.received();
            assertThat(got).allSatisfy(r -> assertThat(r.get("verified").get(0).asBoolean())
                    .as("verified by standardwebhooks: " + r).isTrue());
            assertThat(acknowledged(receiver)).as("each event once (no failure, no retry)").doesNotHaveDuplicates();
            assertThat(expected).hasSizeGreaterThanOrEqualTo(30); // accepted, queued, delivered at least
            for (JsonNode r : got) {
                JsonNode body = Json.parse(r.get("body").asText());
                JsonNode data = body.get("data");
                assertThat(body.get("type").asText()).isEqualTo("message." + data.get("status").asText());
                assertThat(r.get("id").asText()).isEqualTo("evt_status_" + data.get("eventId").asLong());
                assertThat(body.get("timestamp").asText()).isEqualTo(data.get("time").asText());
                assertThat(data.get("channel").asText()).isEqualTo("sms");
                assertThat(data.get("tags").get("order").asText()).startsWith("order-");
                assertThat(data.has("previousStatus")).isTrue();
                assertThat(r.get("path").asText()).isEqualTo("/hooks");
            }
            JsonNode delivered = got.stream().map(r -> Json.parse(r.get("body").asText()))
                    .filter(b -> b.get("type").asText().equals("message.delivered")).findFirst().orElseThrow();
            assertThat(delivered.get("data").get("to").asText()).startsWith("+1415555020");
            assertThat(delivered.get("data").get("twilioSid").asText()).startsWith("SM");

            JsonNode history = Json.parse(sb.get("/api/v1/messages/" + messages.get(0) + "/webhooks").body()).get("items");
            assertThat(history).isNotEmpty().allSatisfy(d -> {
                assertThat(d.get("endpointId").asText()).isEqualTo(endpoint[0]);
                assertThat(d.get("state").asText()).isEqualTo("delivered");
                assertThat(d.get("history").get(0).get("statusCode").asInt()).isEqualTo(204);
            });
        }
    }

    @Test
    void a_receiver_answering_503_for_30_s_gets_every_event_once_it_recovers() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            String[] endpoint = endpoint(sb, receiver.url("/outage"));
            Instant outage = Instant.now();
            receiver.plan(503, 30_000, 0, null, List.of(endpoint[1]));
            List<String> messages = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                messages.add(sms(sb, "+1415555030" + (i % 10), "outage-" + i));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> messages.stream().allMatch(m -> status(sb, m).equals("delivered")));
            Set<String> expected = expectedIds(db, messages);
            await().atMost(Duration.ofSeconds(90))
                    .failFast("the endpoint was disabled", () -> !Json.parse(sb.get("/api/v1/webhooks/" + endpoint[0])
                            .body()).get("enabled").asBoolean())
                    .until(() -> new HashSet<>(acknowledged(receiver)).containsAll(expected));

            List<JsonNode> got = receiver.received();
            assertThat(got).allSatisfy(r -> assertThat(r.get("verified").get(0).asBoolean()).isTrue());
            assertThat(got).filteredOn(r -> r.get("status").asInt() == 503).isNotEmpty();
            assertThat(got).filteredOn(r -> r.get("status").asInt() / 100 == 2)
                    .allSatisfy(r -> assertThat(r.get("at").asLong()).isGreaterThanOrEqualTo(outage.plusSeconds(30).toEpochMilli()));
            assertThat(acknowledged(receiver)).as("none acknowledged twice (no attempt timed out)").doesNotHaveDuplicates();
            // While failing, the endpoint is probed with one event at a time, not hammered with all of them.
            long failedAttempts = got.stream().filter(r -> r.get("status").asInt() == 503).count();
            assertThat(failedAttempts).isLessThan(expected.size() * 2L);

            JsonNode one = Json.parse(sb.get("/api/v1/webhooks/" + endpoint[0] + "/deliveries?limit=500").body()).get("items");
            assertThat(one).allSatisfy(d -> assertThat(d.get("state").asText()).isEqualTo("delivered"));
            JsonNode retried = null;
            for (JsonNode d : one) {
                if (d.get("attempts").asInt() > 1) {
                    retried = d;
                }
            }
            assertThat(retried).as("a delivery retried after 503s").isNotNull();
            assertThat(retried.get("history").get(0).get("statusCode").asInt()).isEqualTo(503);
            JsonNode last = retried.get("history").get(retried.get("history").size() - 1);
            assertThat(last.get("statusCode").asInt()).isEqualTo(204);
            JsonNode state = Json.parse(sb.get("/api/v1/webhooks/" + endpoint[0]).body());
            assertThat(state.get("failures").asInt()).isZero();
            assertThat(state.get("enabled").asBoolean()).isTrue();
            assertThat(sb.get("/observe/metrics").body()).contains("switchboard_webhook_deliveries_total{endpoint=\""
                    + endpoint[0] + "\",outcome=\"retry\"}");
        }
    }

    @Test
    void during_a_rotation_both_secrets_sign_and_after_it_only_the_new_one() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            String[] endpoint = endpoint(sb, receiver.url("/rotate"), "message.delivered");
            HttpResponse<String> rotated = sb.post("/api/v1/webhooks/" + endpoint[0] + "/rotate", "", Map.of());
            assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
            String newer = Json.parse(rotated.body()).get("secret").asText();
            assertThat(newer).startsWith("whsec_").isNotEqualTo(endpoint[1]);
            receiver.plan(204, 0, 0, null, List.of(endpoint[1], newer));
            String during = sms(sb, "+14155550401", "rotation-1");
            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received().size() == 1);
            JsonNode first = receiver.received().get(0);
            assertThat(first.get("signature").asText().split(" ")).hasSize(2);
            assertThat(first.get("verified").get(0).asBoolean()).as("old secret").isTrue();
            assertThat(first.get("verified").get(1).asBoolean()).as("new secret").isTrue();
            assertThat(Json.parse(first.get("body").asText()).get("data").get("id").asText()).isEqualTo(during);

            String newest = Json.parse(sb.post("/api/v1/webhooks/" + endpoint[0] + "/rotate?overlapSeconds=0", "",
                    Map.of()).body()).get("secret").asText();
            receiver.plan(204, 0, 0, null, List.of(newer, newest));
            sms(sb, "+14155550402", "rotation-2");
            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received().size() == 2);
            JsonNode second = receiver.received().get(1);
            assertThat(second.get("signature").asText().split(" ")).hasSize(1);
            assertThat(second.get("verified").get(0).asBoolean()).as("the replaced secret").isFalse();
            assertThat(second.get("verified").get(1).asBoolean()).as("the newest secret").isTrue();
        }
    }

    @Test
    void replay_sends_a_period_again_under_the_same_ids_and_only_wanted_types_arrive() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            String[] endpoint = endpoint(sb, receiver.url("/replay"), "message.delivered", "message.failed");
            receiver.plan(204, 0, 0, null, List.of(endpoint[1]));
            Instant since = Instant.now().minusSeconds(1);
            List<String> messages = List.of(sms(sb, "+14155550501", "replay-1"), sms(sb, "+14155550502", "replay-2"));
            await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged(receiver).size() == 2);
            assertThat(receiver.received()).allSatisfy(r -> assertThat(r.get("type").asText()).isEqualTo("message.delivered"));
            List<String> firstIds = acknowledged(receiver);

            HttpResponse<String> replay = sb.post("/api/v1/webhooks/" + endpoint[0] + "/replay?since=" + since, "", Map.of());
            assertThat(replay.statusCode()).as(replay.body()).isEqualTo(202);
            // Other tests' deliveries since then may be replayed too; these two are among them.
            assertThat(Json.parse(replay.body()).get("queued").asInt()).isGreaterThanOrEqualTo(2);
            await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged(receiver).stream()
                    .filter(firstIds::contains).count() == 4);
            assertThat(messages).hasSize(2);
        }
    }

    @Test
    void bad_requests_are_refused_with_a_clear_error() {
        assertThat(sb.post("/api/v1/webhooks", "{\"url\":\"https://example.com/x\",\"eventTypes\":[\"sms.sent\"]}",
                Map.of()).body()).contains("invalid_event_types");
        assertThat(sb.post("/api/v1/webhooks", "{\"url\":\"ftp://example.com/x\"}", Map.of()).body())
                .contains("invalid_webhook_url");
        assertThat(sb.post("/api/v1/webhooks", "{\"uri\":\"https://example.com/x\"}", Map.of()).statusCode()).isEqualTo(400);
        assertThat(sb.get("/api/v1/webhooks/wh_nothing").statusCode()).isEqualTo(404);
        assertThat(sb.post("/api/v1/webhooks/wh_nothing/replay?since=2026-01-01T00:00:00Z", "", Map.of()).statusCode())
                .isEqualTo(404);
        assertThat(sb.post("/api/v1/webhooks", "{\"url\":\"https://no-such-host.invalid/x\"}", Map.of()).body())
                .contains("webhook_url_unresolved");
        String[] e = endpoint(sb, "http://127.0.0.1:9/hook");
        assertThat(sb.post("/api/v1/webhooks/" + e[0] + "/replay?since=yesterday", "", Map.of()).body())
                .contains("invalid_since");
        assertThat(sb.get("/api/v1/webhooks").body()).contains(e[0]).doesNotContain("whsec_");
        assertThat(sb.delete("/api/v1/webhooks/" + e[0]).statusCode()).isEqualTo(204);
        assertThat(sb.get("/api/v1/webhooks/" + e[0]).statusCode()).isEqualTo(404);
    }
}
