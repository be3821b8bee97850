package dev.switchboard.voice;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.Backend;
import dev.switchboard.testing.Json;
import dev.switchboard.testing.RunningSwitchboard;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Calls and verifications share the Twilio circuit breaker: open, it stops both, and no queued call is lost. */
class VoiceBreakerIT {

    private static RunningSwitchboard sb;

    @BeforeAll
    static void start() {
        Map<String, String> settings = new HashMap<>(Backend.POSTGRES.freshDatabase("voice_breaker"));
        settings.put("switchboard.breaker.window", "2");
        settings.put("switchboard.breaker.min-calls", "2");
        settings.put("switchboard.breaker.failure-rate", "50");
        settings.put("switchboard.breaker.open-ms", "1000");
        settings.put("switchboard.voice.cps", "10");
        sb = RunningSwitchboard.start(settings);
    }

    @AfterAll
    static void stop() {
        sb.close();
    }

    @Test
    void an_open_breaker_stops_calls_and_verifications_and_the_calls_go_once_it_closes() {
        CircuitBreaker breaker = sb.context().getRegistry().lookupByNameAndType("twilioBreaker", CircuitBreaker.class);
        sb.sandbox().failNext(2, 500);
        List<String> failing = List.of(submit("+14155550300"), submit("+14155550301"));
        await().atMost(Duration.ofSeconds(10)).until(() -> breaker.getState() == CircuitBreaker.State.OPEN);
        breaker.transitionToForcedOpenState(); // hold it open while we look
        int callRequests = sb.sandbox().callRequests();

        List<String> queued = new ArrayList<>(List.of(submit("+14155550302"), submit("+14155550303")));
        for (String id : queued) {
            await().atMost(Duration.ofSeconds(10)).until(() -> message(id).get("events").toString()
                    .contains("circuit breaker open: not attempted"));
        }
        HttpResponse<String> verification = sb.post("/api/v1/verifications", "{\"to\":\"+14155550304\"}", Map.of());

        assertThat(sb.sandbox().callRequests()).isEqualTo(callRequests);
        for (String id : queued) {
            assertThat(message(id).get("status").asText()).isEqualTo("accepted");
        }
        assertThat(verification.statusCode()).isEqualTo(503);
        assertThat(Json.parse(verification.body()).at("/error/code").asText()).isEqualTo("twilio_unavailable");
        assertThat(sb.sandbox().verificationCode("+14155550304")).isEmpty();

        breaker.transitionToClosedState();
        queued.addAll(failing);
        for (String id : queued) {
            await().atMost(Duration.ofSeconds(20)).until(() -> "completed".equals(message(id).get("status").asText()));
        }
        assertThat(sb.post("/api/v1/verifications", "{\"to\":\"+14155550304\"}", Map.of()).statusCode()).isEqualTo(202);
    }

    private static String submit(String to) {
        HttpResponse<String> r = sb.postMessage("{\"channel\":\"voice\",\"to\":\"" + to + "\",\"say\":\"hello\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return Json.parse(r.body()).get("id").asText();
    }

    private static JsonNode message(String id) {
        return Json.parse(sb.get("/api/v1/messages/" + id).body());
    }
}
