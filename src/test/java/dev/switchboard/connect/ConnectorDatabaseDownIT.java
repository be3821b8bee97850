package dev.switchboard.connect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.Json;
import dev.switchboard.testing.RunningSwitchboard;
import dev.switchboard.testing.TcpProxy;
import dev.switchboard.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With PostgreSQL unreachable, an MQTT alert is not acknowledged to the broker: Switchboard stopped meanwhile, the
 * broker gives it to the next Switchboard (same client session), which texts it once the database is back.
 */
class ConnectorDatabaseDownIT {

    @Test
    void an_alert_that_arrives_while_the_database_is_down_is_not_acknowledged_and_is_texted_after(@TempDir Path routes)
            throws IOException {
        Files.copy(Path.of("examples", "connectors", "mqtt-requests.camel.yaml"), routes.resolve("mqtt-requests.camel.yaml"));
        String direct = TestDatabases.freshPostgresSchema("connector_db_down");
        URI pg = URI.create(direct.substring("jdbc:".length()));
        String id = "down-" + System.nanoTime();
        try (TcpProxy proxy = new TcpProxy(pg.getHost(), pg.getPort() < 0 ? 5432 : pg.getPort())) {
            Map<String, String> settings = Map.of(
                    "switchboard.db.url", direct.replaceFirst("//[^/]+/", "//127.0.0.1:" + proxy.port() + "/"),
                    "switchboard.db.connect-timeout-ms", "1000",
                    "switchboard.routes.dir", routes.toString(),
                    "mqtt.client-id", "switchboard-test-" + id);
            try (RunningSwitchboard first = RunningSwitchboard.start(settings)) {
                proxy.down();
                first.context().createProducerTemplate().sendBody(
                        "paho-mqtt5:alerts/sms?brokerUrl=tcp://127.0.0.1:1883&qos=1",
                        "{\"id\":\"" + id + "\",\"phone\":\"+14155550148\",\"text\":\"Door open " + id + "\"}");
                // Taken by the route and retried there, unacknowledged, while the database is down.
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> first.context().getInflightRepository().size("mqtt-requests") > 0);
                assertThat(first.sandbox().createdParams()).isEmpty();
            }
            proxy.up();
            try (RunningSwitchboard second = RunningSwitchboard.start(settings)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> delivered(second, id));
                assertThat(second.sandbox().createdParams()).filteredOn(p -> p.get("Body").contains(id)).hasSize(1);
            }
        }
    }

    private static boolean delivered(RunningSwitchboard sb, String marker) {
        JsonNode list = Json.parse(sb.get("/api/v1/messages?to=%2B14155550148").body());
        for (JsonNode item : list.path("items")) {
            if (item.path("body").asText().contains(marker)) {
                return "delivered".equals(item.path("status").asText());
            }
        }
        return false;
    }
}
