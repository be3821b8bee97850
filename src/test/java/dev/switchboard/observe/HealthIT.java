package dev.switchboard.observe;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.Backend;
import dev.switchboard.testing.Json;
import dev.switchboard.testing.RunningSwitchboard;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** /observe/health shows the broker and outbox-lag checks; neither a broker outage nor a backlog takes readiness down. */
class HealthIT {

    @Test
    void broker_and_outbox_lag_are_reported_without_taking_readiness_down() throws Exception {
        try (RunningSwitchboard sb = RunningSwitchboard.start(Map.of(
                "switchboard.db.url", Backend.POSTGRES.freshDatabase("observe_health").get("switchboard.db.url"),
                "switchboard.metrics.refresh-ms", "100",
                "switchboard.health.outbox-lag-ms", "500"))) {
            JsonNode broker = check(sb, "jms-broker");
            assertThat(broker.get("status").asText()).isEqualTo("UP");
            assertThat(broker.at("/data/reachable").asBoolean()).as(broker.toString()).isTrue();
            assertThat(broker.at("/data/broker").asText()).isEqualTo("embedded");
            JsonNode lag = check(sb, "outbox-lag");
            assertThat(lag.at("/data/lagging").asBoolean()).isFalse();
            assertThat(lag.at("/data/depth").asLong()).isZero();

            // A message waits with dispatch stopped: past the threshold the check says lagging and stays UP.
            sb.context().getRouteController().stopRoute("dispatch-due");
            sb.postMessage("{\"to\":\"+14155550120\",\"body\":\"waits\"}");
            JsonNode lagging = await().atMost(Duration.ofSeconds(10)).until(() -> check(sb, "outbox-lag"),
                    c -> c.at("/data/lagging").asBoolean());
            assertThat(lagging.get("status").asText()).isEqualTo("UP");
            assertThat(lagging.at("/data/depth").asLong()).isPositive();
            assertThat(lagging.at("/data/oldestDueSeconds").asDouble()).isGreaterThan(0.5);
            // Readiness is DOWN here only because the test stopped a route (Camel's route check), not for the lag.
            assertThat(downChecks(sb.get("/observe/health/ready?data=true").body())).containsExactlyInAnyOrder("route:dispatch-due", "consumer:dispatch-due");
            sb.context().getRouteController().startRoute("dispatch-due");
            await().atMost(Duration.ofSeconds(10)).until(() -> check(sb, "outbox-lag").at("/data/depth").asLong() == 0);
            assertThat(sb.get("/observe/health/ready").statusCode()).isEqualTo(200);

            // The broker stops: reported as unreachable, readiness and liveness stay UP.
            sb.context().getRegistry().lookupByNameAndType("jmsBroker", ActiveMQServer.class).stop();
            JsonNode down = check(sb, "jms-broker");
            assertThat(down.get("status").asText()).isEqualTo("UP");
            assertThat(down.at("/data/reachable").asBoolean()).isFalse();
            assertThat(sb.get("/observe/health/ready").statusCode()).isEqualTo(200);
            assertThat(sb.get("/observe/health/live").statusCode()).isEqualTo(200);
            assertThat(check(sb, "database").get("status").asText()).isEqualTo("UP");
        }
    }

    private static java.util.List<String> downChecks(String health) {
        java.util.List<String> down = new java.util.ArrayList<>();
        Json.parse(health).get("checks").forEach(c -> {
            if (!"UP".equals(c.get("status").asText())) {
                down.add(c.get("name").asText());
            }
        });
        return down;
    }

    /** One check from /observe/health?data=true (exposure level full: every check; data=true: with its details). */
    private static JsonNode check(RunningSwitchboard sb, String id) {
        JsonNode health = Json.parse(sb.get("/observe/health?data=true").body());
        for (JsonNode c : health.get("checks")) {
            if (id.equals(c.get("name").asText())) {
                return c;
            }
        }
        throw new AssertionError("no check " + id + " in " + health);
    }
}
