package dev.switchboard.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.Json;
import dev.switchboard.testing.RunningSwitchboard;
import dev.switchboard.testing.TcpProxy;
import dev.switchboard.testing.TestDatabases;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** With the database gone the API answers 503 quickly and acknowledges nothing; when it is back, work resumes. */
class DatabaseDownIT {

    @Test
    void submit_answers_503_while_the_database_is_unreachable_and_202_again_after() {
        String direct = TestDatabases.freshPostgresSchema("database_down");
        URI pg = URI.create(direct.substring("jdbc:".length()));
        try (TcpProxy proxy = new TcpProxy(pg.getHost(), pg.getPort() < 0 ? 5432 : pg.getPort())) {
            String viaProxy = direct.replaceFirst("//[^/]+/", "//127.0.0.1:" + proxy.port() + "/");
            try (RunningSwitchboard sb = RunningSwitchboard.start(Map.of(
                    "switchboard.db.url", viaProxy, "switchboard.db.connect-timeout-ms", "1000",
                    "switchboard.metrics.refresh-ms", "200"))) {
                assertThat(sb.postMessage("{\"to\":\"+14155550100\",\"body\":\"before\"}").statusCode()).isEqualTo(202);
                await().atMost(Duration.ofSeconds(10)).until(() -> sb.get("/observe/metrics").body(),
                        m -> m.contains("\nswitchboard_database_up 1.0"));

                proxy.down();
                HttpResponse<String> during = sb.postMessage("{\"to\":\"+14155550100\",\"body\":\"during\"}");

                assertThat(during.statusCode()).isEqualTo(503);
                JsonNode error = Json.parse(during.body()).get("error");
                assertThat(error.get("code").asText()).isEqualTo("database_unavailable");
                assertThat(during.headers().firstValue("Retry-After")).isPresent();
                // Readiness says "do not send me requests"; liveness says "do not restart me".
                HttpResponse<String> ready = sb.get("/observe/health/ready");
                assertThat(ready.statusCode()).isEqualTo(503);
                assertThat(ready.body()).contains("database").contains("DOWN");
                assertThat(sb.get("/observe/health/live").statusCode()).isEqualTo(200);
                // What the alert SwitchboardDatabaseDown (deploy/prometheus/alerts.yml) watches.
                await().atMost(Duration.ofSeconds(15)).until(() -> sb.get("/observe/metrics").body(),
                        m -> m.contains("\nswitchboard_database_up 0.0"));

                proxy.up();
                HttpResponse<String> after = await().atMost(Duration.ofSeconds(15)).until(
                        () -> sb.postMessage("{\"to\":\"+14155550100\",\"body\":\"after\"}"), r -> r.statusCode() == 202);
                String id = Json.parse(after.body()).get("id").asText();
                assertThat(sb.get("/observe/health/ready").statusCode()).isEqualTo(200);
                await().atMost(Duration.ofSeconds(15)).until(() -> sb.get("/observe/metrics").body(),
                        m -> m.contains("\nswitchboard_database_up 1.0"));
                await().atMost(Duration.ofSeconds(15)).until(
                        () -> Json.parse(sb.get("/api/v1/messages/" + id).body()).get("status").asText(), "delivered"::equals);

                JsonNode during503 = Json.parse(sb.get("/api/v1/messages?limit=200").body());
                assertThat(during503.toString()).doesNotContain("\"body\":\"during\"");
            }
        }
    }
}
