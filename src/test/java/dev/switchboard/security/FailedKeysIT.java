package dev.switchboard.security;

import dev.switchboard.testing.Backend;
import dev.switchboard.testing.Json;
import dev.switchboard.testing.RunningSwitchboard;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Guessing API keys: after the limit of wrong keys from one address, 429 before any key is checked, for a while. */
class FailedKeysIT {

    @Test
    void an_address_that_sent_too_many_wrong_keys_waits_out_the_window_even_with_the_right_key() {
        Map<String, String> settings = new HashMap<>(Backend.POSTGRES.freshDatabase("failed_keys"));
        settings.put("switchboard.api.failed-key-limit", "3");
        settings.put("switchboard.api.failed-key-window-ms", "2000");
        try (RunningSwitchboard sb = RunningSwitchboard.start(settings)) {
            for (int i = 0; i < 3; i++) {
                assertThat(list(sb, "Bearer guess-" + i).statusCode()).isEqualTo(401);
            }

            HttpResponse<String> blocked = list(sb, "Bearer " + RunningSwitchboard.API_KEY);
            assertThat(blocked.statusCode()).isEqualTo(429);
            assertThat(Json.parse(blocked.body()).get("error").get("code").asText()).isEqualTo("too_many_failed_keys");
            assertThat(Integer.parseInt(blocked.headers().firstValue("Retry-After").orElseThrow())).isBetween(1, 2);

            await().atMost(Duration.ofSeconds(5))
                    .until(() -> list(sb, "Bearer " + RunningSwitchboard.API_KEY).statusCode() == 200);
        }
    }

    private static HttpResponse<String> list(RunningSwitchboard sb, String authorization) {
        return sb.send(HttpRequest.newBuilder(URI.create(sb.url("/api/v1/messages?limit=1")))
                .header("Authorization", authorization).GET().build());
    }
}
