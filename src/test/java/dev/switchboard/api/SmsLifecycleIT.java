package dev.switchboard.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.Backend;
import dev.switchboard.testing.Json;
import dev.switchboard.testing.RunningSwitchboard;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** One SMS through the whole loop: HTTP → outbox → camel-twilio → sandbox → signed callbacks → delivered. */
class SmsLifecycleIT {

    @ParameterizedTest
    @EnumSource(Backend.class)
    void message_goes_from_accepted_to_delivered_with_every_event_recorded(Backend backend) {
        try (RunningSwitchboard sb = RunningSwitchboard.start(backend.freshDatabase("lifecycle_" + backend))) {
            HttpResponse<String> posted = sb.postMessage(
                    "{\"to\":\"+1 (415) 555-0100\",\"body\":\"Your code is 1234 €\",\"tags\":{\"order\":\"A-17\"}}");

            assertThat(posted.statusCode()).isEqualTo(202);
            JsonNode ack = Json.parse(posted.body());
            assertThat(ack.get("status").asText()).isEqualTo("accepted");
            assertThat(ack.get("segments").asInt()).isEqualTo(1);
            assertThat(ack.get("encoding").asText()).isEqualTo("GSM-7");
            String id = ack.get("id").asText();

            JsonNode message = await().atMost(Duration.ofSeconds(10)).until(
                    () -> Json.parse(sb.get("/api/v1/messages/" + id).body()),
                    m -> m.get("status").asText().equals("delivered"));

            assertThat(message.get("to").asText()).isEqualTo("+14155550100");
            assertThat(message.get("twilioSid").asText()).startsWith("SM");
            assertThat(message.get("tags").get("order").asText()).isEqualTo("A-17");
            assertThat(statuses(message)).containsExactly("accepted", "queued", "sent", "delivered");
            assertThat(message.get("events").get(2).get("source").asText()).isEqualTo("twilio-callback");

            Map<String, String> sentToTwilio = sb.sandbox().createdParams().get(0);
            assertThat(sentToTwilio).containsEntry("To", "+14155550100")
                    .containsEntry("Body", "Your code is 1234 €")
                    .containsEntry("From", "+15005550006")
                    .containsEntry("StatusCallback", sb.url("/twilio/status").replace("127.0.0.1", "localhost"));
            assertThat(sb.sandbox().createRequests()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void scheduled_message_waits_for_send_at(Backend backend) {
        try (RunningSwitchboard sb = RunningSwitchboard.start(backend.freshDatabase("scheduled_" + backend))) {
            String sendAt = java.time.Instant.now().plusSeconds(2).toString();
            HttpResponse<String> posted = sb.postMessage(
                    "{\"to\":\"+14155550100\",\"body\":\"later\",\"sendAt\":\"" + sendAt + "\"}");

            assertThat(posted.statusCode()).isEqualTo(202);
            assertThat(Json.parse(posted.body()).get("status").asText()).isEqualTo("scheduled");
            String id = Json.parse(posted.body()).get("id").asText();
            assertThat(sb.sandbox().createRequests()).isZero();

            await().atMost(Duration.ofSeconds(10)).until(
                    () -> Json.parse(sb.get("/api/v1/messages/" + id).body()).get("status").asText(),
                    "delivered"::equals);
            assertThat(sb.sandbox().createRequests()).isEqualTo(1);
        }
    }

    private static List<String> statuses(JsonNode message) {
        List<String> statuses = new ArrayList<>();
        message.get("events").forEach(e -> statuses.add(e.get("status").asText()));
        return statuses;
    }
}
