package dev.switchboard.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sandbox's fault control (POST /sandbox/faults) and per-message create counts (GET /sandbox/stats). */
class FaultModeTest {

    private static final Map<String, String> FIRST = Map.of("To", "+15558675310", "From", "+15005550006",
            "Body", "first");
    private static final Map<String, String> SECOND = Map.of("To", "+15558675310", "From", "+15005550006",
            "Body", "second");

    private final HttpClient http = HttpClient.newHttpClient();
    private TwilioSandbox sandbox;
    private RawTwilio raw;

    @BeforeEach
    void start() {
        sandbox = TwilioSandbox.start(SandboxConfig.defaults());
        raw = new RawTwilio(sandbox);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void stats_count_requests_201s_and_messages_created_more_than_once() throws Exception {
        raw.createMessage(FIRST);
        raw.createMessage(FIRST);
        raw.createMessage(SECOND);

        JsonNode stats = stats();
        assertThat(stats.get("createRequests").asInt()).isEqualTo(3);
        assertThat(stats.get("answered201").asInt()).isEqualTo(3);
        assertThat(stats.get("distinctMessages").asInt()).isEqualTo(2);
        assertThat(stats.get("createdMoreThanOnce").asInt()).isEqualTo(1);
        assertThat(sandbox.createStats().timesCreated("+15558675310", "first")).isEqualTo(2);

        assertThat(tool("POST", "/sandbox/stats/reset", "").statusCode()).isEqualTo(200);
        assertThat(stats().get("createRequests").asInt()).isZero();
    }

    @Test
    void http500_creates_nothing_unless_asked_to_create_first() throws Exception {
        fault("{\"mode\":\"http500\",\"forMs\":60000}");
        HttpResponse<String> plain = raw.createMessage(FIRST);
        fault("{\"mode\":\"http500\",\"forMs\":60000,\"created\":true}");
        HttpResponse<String> ambiguous = raw.createMessage(SECOND);

        assertThat(plain.statusCode()).isEqualTo(500);
        assertThat(RawTwilio.json(plain).get("code").asInt()).isEqualTo(20500);
        assertThat(ambiguous.statusCode()).isEqualTo(500);
        assertThat(sandbox.createStats().timesCreated("+15558675310", "first")).isZero();
        assertThat(sandbox.createStats().timesCreated("+15558675310", "second")).isEqualTo(1);
        assertThat(sandbox.messagesCreated()).isEqualTo(1);
        JsonNode stats = stats();
        assertThat(stats.get("faultAnswers").asInt()).isEqualTo(2);
        assertThat(stats.get("answered201").asInt()).isZero();
    }

    @Test
    void http429_carries_the_asked_retry_after_and_the_window_ends_by_itself() throws Exception {
        fault("{\"mode\":\"http429\",\"forMs\":300,\"retryAfterS\":7}");
        HttpResponse<String> throttled = raw.createMessage(FIRST);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(2)).until(
                () -> RawTwilio.json(tool("GET", "/sandbox/faults", null)).get("mode").asText().equals("none"));
        HttpResponse<String> after = raw.createMessage(FIRST);

        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(RawTwilio.json(throttled).get("code").asInt()).isEqualTo(20429);
        assertThat(after.statusCode()).isEqualTo(201);
        assertThat(RawTwilio.json(tool("GET", "/sandbox/faults", null)).get("mode").asText()).isEqualTo("none");
    }

    @Test
    void refuse_drops_the_connection_without_an_answer_and_delete_ends_the_fault() throws Exception {
        fault("{\"mode\":\"refuse\",\"forMs\":60000}");
        assertThatThrownBy(() -> raw.createMessage(FIRST)).isInstanceOf(UncheckedIOException.class);
        assertThat(tool("DELETE", "/sandbox/faults", null).statusCode()).isEqualTo(200);

        assertThat(raw.createMessage(FIRST).statusCode()).isEqualTo(201);
        assertThat(sandbox.createStats().timesCreated("+15558675310", "first")).isEqualTo(1);
    }

    @Test
    void latency_delays_the_create_which_still_happens() throws Exception {
        fault("{\"mode\":\"latency\",\"forMs\":60000,\"latencyMs\":300}");
        long started = System.nanoTime();
        HttpResponse<String> slow = raw.createMessage(FIRST);

        assertThat(slow.statusCode()).isEqualTo(201);
        assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(300);
        assertThat(sandbox.createStats().timesCreated("+15558675310", "first")).isEqualTo(1);
    }

    @Test
    void an_unknown_mode_is_a_400() throws Exception {
        HttpResponse<String> r = tool("POST", "/sandbox/faults", "{\"mode\":\"meteor\"}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("http500");
    }

    private void fault(String json) throws Exception {
        assertThat(tool("POST", "/sandbox/faults", json).statusCode()).isEqualTo(200);
    }

    private JsonNode stats() throws Exception {
        return RawTwilio.json(tool("GET", "/sandbox/stats", null));
    }

    private HttpResponse<String> tool(String method, String path, String json) throws Exception {
        HttpRequest.BodyPublisher body = json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json);
        return http.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path)).method(method, body).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
