package dev.switchboard.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.Json;
import dev.switchboard.testing.RunningSwitchboard;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Lost callbacks: a message not final long after sending is fetched from Twilio and brought up to date. */
class StaleStatusIT {

    @Test
    void a_message_whose_callbacks_never_arrived_is_fetched_from_twilio_and_updated() {
        try (RunningSwitchboard sb = RunningSwitchboard.start(callbacksLost("stale_status"))) {
            String id = AmbiguousSendsIT.submit(sb, "callbacks lost");
            JsonNode queued = AmbiguousSendsIT.awaitStatus(sb, id, "queued");
            await().atMost(Duration.ofSeconds(5)).until(() -> sb.sandbox().callbacksFailed() >= 1);
            // Before the stale age nothing is fetched: the status stays as the create answered.
            assertThat(Json.parse(sb.get("/api/v1/messages/" + id).body()).get("status").asText()).isEqualTo("queued");

            JsonNode m = AmbiguousSendsIT.awaitStatus(sb, id, "delivered");

            assertThat(m.get("twilioSid").asText()).isEqualTo(queued.get("twilioSid").asText());
            assertThat(m.get("events").toString()).contains("twilio-fetch");
            // Fetched once per interval, and a repeat of the same status is not recorded twice.
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6)).until(() ->
                    countOf(Json.parse(sb.get("/api/v1/messages/" + id).body()).get("events").toString(),
                            "twilio-fetch") == 1);
        }
    }

    @Test
    void a_call_whose_progress_callbacks_never_arrived_is_fetched_and_completed() {
        try (RunningSwitchboard sb = RunningSwitchboard.start(callbacksLost("stale_call_status"))) {
            String id = Json.parse(sb.postMessage("{\"channel\":\"voice\",\"to\":\"+14155550177\",\"say\":\"hi\"}")
                    .body()).get("id").asText();
            AmbiguousSendsIT.awaitStatus(sb, id, "queued");

            JsonNode m = AmbiguousSendsIT.awaitStatus(sb, id, "completed");

            assertThat(m.get("events").toString()).contains("twilio-fetch").doesNotContain("twilio-callback");
        }
    }

    /** Twilio's callbacks go nowhere (nothing listens on that port); the first fetch 2 s after a status change. */
    private static Map<String, String> callbacksLost(String db) {
        Map<String, String> settings = AmbiguousSendsIT.settings(db);
        settings.put("switchboard.public.url", "http://127.0.0.1:" + RunningSwitchboard.freePort());
        settings.put("switchboard.reconcile.after-ms", "2000");
        settings.put("switchboard.reconcile.period-ms", "300");
        return settings;
    }

    private static int countOf(String text, String part) {
        return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }
}
