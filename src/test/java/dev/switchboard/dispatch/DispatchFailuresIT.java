package dev.switchboard.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.Backend;
import dev.switchboard.testing.Json;
import dev.switchboard.testing.RunningSwitchboard;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** How the dispatcher treats Twilio's failures, against the sandbox, on real PostgreSQL. */
class DispatchFailuresIT {

    @Test
    void twilio_500_is_retried_by_the_outbox_once_and_the_person_gets_one_text() {
        try (RunningSwitchboard sb = RunningSwitchboard.start(Backend.POSTGRES.freshDatabase("dispatch_500"))) {
            sb.sandbox().failNext(1, 500);

            String id = submit(sb, "after a 500");
            JsonNode m = awaitStatus(sb, id, "delivered");

            assertThat(sb.sandbox().createRequests()).isEqualTo(2); // the failed POST and one deliberate retry
            assertThat(sb.sandbox().messagesCreated()).isEqualTo(1);
            assertThat(m.get("attempts").asInt()).isEqualTo(2);
            assertThat(m.get("events").get(1).get("detail").asText()).contains("attempt 1 failed");
        }
    }

    @Test
    void twilio_429_is_retried_and_never_fails_the_message() {
        try (RunningSwitchboard sb = RunningSwitchboard.start(Backend.POSTGRES.freshDatabase("dispatch_429"))) {
            sb.sandbox().failNext(2, 429);

            String id = submit(sb, "after two 429s");

            awaitStatus(sb, id, "delivered");
            assertThat(sb.sandbox().messagesCreated()).isEqualTo(1);
            assertThat(sb.sandbox().createRequests()).isEqualTo(3);
        }
    }

    @Test
    void permanent_twilio_error_fails_the_message_with_its_code_after_one_attempt() {
        try (RunningSwitchboard sb = RunningSwitchboard.start(Backend.POSTGRES.freshDatabase("dispatch_400"))) {
            String id = Json.parse(sb.postMessage("{\"to\":\"+15005550001\",\"body\":\"invalid number\"}").body())
                    .get("id").asText();

            JsonNode m = awaitStatus(sb, id, "failed");

            assertThat(m.get("errorCode").asInt()).isEqualTo(21211);
            assertThat(m.get("errorMessage").asText()).isNotBlank();
            assertThat(m.get("attempts").asInt()).isEqualTo(1);
            assertThat(sb.sandbox().createRequests()).isEqualTo(1);
        }
    }

    @Test
    void transient_failures_stop_after_max_attempts_and_fail_with_the_reason() {
        Map<String, String> settings = new HashMap<>(Backend.POSTGRES.freshDatabase("dispatch_exhausted"));
        settings.put("switchboard.retry.max-attempts", "3");
        settings.put("switchboard.breaker.min-calls", "100");
        try (RunningSwitchboard sb = RunningSwitchboard.start(settings)) {
            sb.sandbox().failNext(10, 503);

            JsonNode m = awaitStatus(sb, submit(sb, "never gets through"), "failed");

            assertThat(m.get("attempts").asInt()).isEqualTo(3);
            assertThat(m.get("errorMessage").asText()).contains("gave up after 3 attempts");
            assertThat(sb.sandbox().createRequests()).isEqualTo(3);
            assertThat(sb.sandbox().messagesCreated()).isZero();
        }
    }

    @Test
    void open_breaker_keeps_messages_in_the_outbox_without_counting_attempts_then_sends_them() {
        Map<String, String> settings = new HashMap<>(Backend.POSTGRES.freshDatabase("dispatch_breaker"));
        settings.put("switchboard.breaker.open-ms", "1500");
        try (RunningSwitchboard sb = RunningSwitchboard.start(settings)) {
            CircuitBreaker breaker = sb.context().getRegistry().lookupByNameAndType("twilioBreaker", CircuitBreaker.class);
            breaker.transitionToOpenState();

            String id = submit(sb, "while twilio is down");
            await().atMost(Duration.ofSeconds(5)).until(() -> events(sb, id).contains("circuit breaker open"));
            JsonNode waiting = Json.parse(sb.get("/api/v1/messages/" + id).body());

            assertThat(waiting.get("status").asText()).isEqualTo("accepted");
            assertThat(waiting.get("attempts").asInt()).isZero();
            // Twilio down is not Switchboard down: it stays ready to accept.
            assertThat(sb.get("/observe/health/ready").statusCode()).isEqualTo(200);
            assertThat(sb.get("/observe/health").body()).contains("twilio-breaker");
            assertThat(sb.sandbox().createRequests()).isZero();

            JsonNode sent = awaitStatus(sb, id, "delivered");
            assertThat(sent.get("attempts").asInt()).isEqualTo(1);
            assertThat(sb.sandbox().messagesCreated()).isEqualTo(1);
        }
    }

    private static String submit(RunningSwitchboard sb, String body) {
        return Json.parse(sb.postMessage("{\"to\":\"+14155550100\",\"body\":\"" + body + "\"}").body()).get("id").asText();
    }

    private static String events(RunningSwitchboard sb, String id) {
        return Json.parse(sb.get("/api/v1/messages/" + id).body()).get("events").toString();
    }

    private static JsonNode awaitStatus(RunningSwitchboard sb, String id, String status) {
        return await().atMost(Duration.ofSeconds(15)).until(
                () -> Json.parse(sb.get("/api/v1/messages/" + id).body()), m -> m.get("status").asText().equals(status));
    }
}
