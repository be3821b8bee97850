package dev.switchboard.security;

import dev.switchboard.testing.Backend;
import dev.switchboard.testing.Json;
import dev.switchboard.testing.RunningSwitchboard;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code switchboard.api.rate}: a key over its rate gets 429 with Retry-After; another key is unaffected. */
class RateLimitIT {

    private static final String OTHER_KEY = "other-key-0123456789";
    private static RunningSwitchboard sb;

    @BeforeAll
    static void start() {
        Map<String, String> settings = new HashMap<>(Backend.POSTGRES.freshDatabase("api_rate_limit"));
        settings.put("switchboard.api.keys", RunningSwitchboard.API_KEY + "," + OTHER_KEY);
        settings.put("switchboard.api.rate", "5");
        sb = RunningSwitchboard.start(settings);
    }

    @AfterAll
    static void stop() {
        sb.close();
    }

    @Test
    void a_key_over_its_rate_gets_429_with_retry_after_and_other_keys_go_on() {
        HttpResponse<String> last = null;
        for (int i = 0; i < 6; i++) {
            last = sb.get("/api/v1/messages?limit=1");
            if (last.statusCode() == 429) {
                break;
            }
            assertThat(last.statusCode()).isEqualTo(200);
        }

        assertThat(last.statusCode()).isEqualTo(429);
        assertThat(Json.parse(last.body()).get("error").get("code").asText()).isEqualTo("rate_limited");
        assertThat(Integer.parseInt(last.headers().firstValue("Retry-After").orElseThrow())).isBetween(1, 5);
        assertThat(sb.send(HttpRequest.newBuilder(URI.create(sb.url("/api/v1/messages?limit=1")))
                .header("Authorization", "Bearer " + OTHER_KEY).GET().build()).statusCode()).isEqualTo(200);
    }

}
