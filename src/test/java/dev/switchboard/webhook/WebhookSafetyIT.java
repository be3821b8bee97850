package dev.switchboard.webhook;

import dev.switchboard.testing.Json;
import dev.switchboard.testing.RunningSwitchboard;
import dev.switchboard.testing.TestDatabases;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** With the default settings, webhook URLs that point inside the network are refused with a clear error. */
class WebhookSafetyIT {

    @Test
    void urls_pointing_at_loopback_metadata_private_or_plain_http_are_refused() {
        try (RunningSwitchboard sb = RunningSwitchboard.start(Map.of("switchboard.db.url",
                TestDatabases.freshPostgresSchema("webhook_safety")))) {
            assertRefused(sb, "https://127.0.0.1/hook", "webhook_url_refused", "127.0.0.1, a loopback address");
            assertRefused(sb, "https://localhost:8443/hook", "webhook_url_refused", "a loopback address");
            assertRefused(sb, "https://[::1]/hook", "webhook_url_refused", "a loopback address");
            assertRefused(sb, "https://169.254.169.254/latest/meta-data", "webhook_url_refused", "link-local");
            assertRefused(sb, "https://10.0.0.8/hook", "webhook_url_refused", "10.0.0.8, a private address");
            assertRefused(sb, "https://192.168.1.1/hook", "webhook_url_refused", "a private address");
            assertRefused(sb, "http://hooks.example.com/hook", "invalid_webhook_url", "must be https");
            assertThat(Json.parse(sb.get("/api/v1/webhooks").body()).get("items")).isEmpty();
        }
    }

    private static void assertRefused(RunningSwitchboard sb, String url, String code, String reason) {
        HttpResponse<String> r = sb.post("/api/v1/webhooks", "{\"url\":\"" + url + "\"}", Map.of());
        assertThat(r.statusCode()).as(url + ": " + r.body()).isEqualTo(422);
        assertThat(Json.parse(r.body()).get("error").get("code").asText()).as(url).isEqualTo(code);
        assertThat(Json.parse(r.body()).get("error").get("message").asText()).as(url).contains(reason);
    }
}
