package dev.switchboard.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.Backend;
import dev.switchboard.testing.Json;
import dev.switchboard.testing.RunningSwitchboard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** DELETE /api/v1/messages/{id}: a message not yet handed to Twilio is canceled and never sent; later, 409. */
class CancelMessageIT {

    @ParameterizedTest
    @EnumSource(Backend.class)
    void a_scheduled_message_is_canceled_and_never_sent(Backend backend) {
        try (RunningSwitchboard sb = RunningSwitchboard.start(backend.freshDatabase("cancel_" + backend))) {
            String id = accepted(sb.postMessage("{\"to\":\"+14155550100\",\"body\":\"cancel me\",\"sendAt\":\""
                    + Instant.now().plusSeconds(2) + "\"}"));

            HttpResponse<String> canceled = sb.delete("/api/v1/messages/" + id);

            assertThat(canceled.statusCode()).as(canceled.body()).isEqualTo(200);
            assertThat(Json.parse(canceled.body()).get("status").asText()).isEqualTo("canceled");
            // Past its sendAt, with the dispatcher polling every 200 ms, it is still canceled and Twilio saw nothing.
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(
                    () -> sb.sandbox().createRequests() == 0 && "canceled".equals(status(sb, id)));
            JsonNode message = Json.parse(sb.get("/api/v1/messages/" + id).body());
            assertThat(message.get("status").asText()).isEqualTo("canceled");
            assertThat(statuses(message)).containsExactly("scheduled", "canceled");
            assertThat(message.get("events").get(1).get("source").asText()).isEqualTo("api");
            assertThat(sb.sandbox().createRequests()).isZero();

            HttpResponse<String> again = sb.delete("/api/v1/messages/" + id);
            assertThat(again.statusCode()).isEqualTo(200);
            assertThat(statuses(Json.parse(sb.get("/api/v1/messages/" + id).body()))).containsExactly("scheduled", "canceled");
        }
    }

    @Test
    void a_message_that_went_to_twilio_cannot_be_canceled() {
        try (RunningSwitchboard sb = RunningSwitchboard.start(Backend.POSTGRES.freshDatabase("cancel_late"))) {
            String id = accepted(sb.postMessage("{\"to\":\"+14155550100\",\"body\":\"too late\"}"));
            await().atMost(Duration.ofSeconds(10)).until(() -> status(sb, id), "delivered"::equals);

            HttpResponse<String> refused = sb.delete("/api/v1/messages/" + id);

            assertThat(refused.statusCode()).isEqualTo(409);
            assertThat(Json.parse(refused.body()).get("error").get("code").asText()).isEqualTo("not_cancelable");
            assertThat(status(sb, id)).isEqualTo("delivered");
        }
    }

    @Test
    void a_message_on_its_way_to_twilio_answers_409_and_is_sent_once() {
        Map<String, String> settings = new HashMap<>(Backend.POSTGRES.freshDatabase("cancel_in_flight"));
        settings.put("switchboard.sandbox.latency-ms", "3000");
        try (RunningSwitchboard sb = RunningSwitchboard.start(settings)) {
            String id = accepted(sb.postMessage("{\"to\":\"+14155550100\",\"body\":\"in flight\"}"));
            // The dispatcher has claimed it and is waiting for the slow create.
            await().atMost(Duration.ofSeconds(5)).until(() -> sb.sandbox().createRequests() == 1);

            HttpResponse<String> refused = sb.delete("/api/v1/messages/" + id);

            assertThat(refused.statusCode()).isEqualTo(409);
            assertThat(Json.parse(refused.body()).get("error").get("code").asText()).isEqualTo("being_sent");
            await().atMost(Duration.ofSeconds(15)).until(() -> status(sb, id), "delivered"::equals);
            assertThat(sb.sandbox().createRequests()).isEqualTo(1);
        }
    }

    @Test
    void unknown_ids_and_missing_keys_are_refused() {
        try (RunningSwitchboard sb = RunningSwitchboard.start(Backend.POSTGRES.freshDatabase("cancel_refused"))) {
            HttpResponse<String> missing = sb.delete("/api/v1/messages/msg_00000000000000000000000000");
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(Json.parse(missing.body()).get("error").get("code").asText()).isEqualTo("not_found");

            HttpResponse<String> anonymous = sb.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(sb.url("/api/v1/messages/msg_00000000000000000000000000"))).DELETE().build());
            assertThat(anonymous.statusCode()).isEqualTo(401);
        }
    }

    private static String accepted(HttpResponse<String> posted) {
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
        return Json.parse(posted.body()).get("id").asText();
    }

    private static String status(RunningSwitchboard sb, String id) {
        return Json.parse(sb.get("/api/v1/messages/" + id).body()).get("status").asText();
    }

    private static List<String> statuses(JsonNode message) {
        List<String> out = new ArrayList<>();
        message.get("events").forEach(e -> out.add(e.get("status").asText()));
        return out;
    }
}
