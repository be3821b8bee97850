package dev.switchboard.security;

import dev.switchboard.testing.Backend;
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

/** {@code switchboard.management.require-api-key=true}: health and metrics answer 401 without an API key. */
class ManagementGuardIT {

    private static RunningSwitchboard sb;

    @BeforeAll
    static void start() {
        Map<String, String> settings = new HashMap<>(Backend.POSTGRES.freshDatabase("management_guard"));
        settings.put("switchboard.management.require-api-key", "true");
        sb = RunningSwitchboard.start(settings);
    }

    @AfterAll
    static void stop() {
        sb.close();
    }

    @Test
    void observe_endpoints_need_an_api_key() {
        for (String path : new String[] {"/observe/health", "/observe/health/ready", "/observe/metrics", "/observe"}) {
            HttpResponse<String> anonymous = get(path, null);
            HttpResponse<String> wrongKey = get(path, "Bearer nope");
            assertThat(anonymous.statusCode()).as(path).isEqualTo(401);
            assertThat(wrongKey.statusCode()).as(path).isEqualTo(401);
            assertThat(anonymous.body()).doesNotContain("switchboard_").doesNotContain("UP");
        }
        assertThat(get("/observe/health", "Bearer " + RunningSwitchboard.API_KEY).statusCode()).isEqualTo(200);
        HttpResponse<String> metrics = get("/observe/metrics", "Bearer " + RunningSwitchboard.API_KEY);
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("# TYPE");
    }

    @Test
    void the_api_and_webhooks_are_not_affected() {
        assertThat(sb.get("/api/v1/messages?limit=1").statusCode()).isEqualTo(200);
        assertThat(get("/twilio/status", null).statusCode()).isNotEqualTo(401);
    }

    private static HttpResponse<String> get(String path, String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sb.url(path))).GET();
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return sb.send(b.build());
    }
}
