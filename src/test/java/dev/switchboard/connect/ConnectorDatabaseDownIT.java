package dev.switchboard.connect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.Json;
import dev.switchboard.testing.RunningSwitchboard;
import dev.switchboard.testing.TcpProxy;
import dev.switchboard.testing.TestDatabases;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With PostgreSQL unreachable, an MQTT alert is held by its route, unacknowledged to the broker, and texted once the
 * database is back. (Across a restart the broker keeps it too, but camel-paho-mqtt5 4.14 connects before it sets its
 * callback, so a message the broker resends at once on reconnection can be missed until the next reconnection: see
 * examples/connectors/mqtt-requests.camel.yaml.)
 */
class ConnectorDatabaseDownIT {

    @Test
    void an_alert_that_arrives_while_the_database_is_down_is_held_and_texted_once_it_is_back(@TempDir Path routes)
            throws Exception {
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
            try (RunningSwitchboard sb = RunningSwitchboard.start(settings)) {
                List<String> errors = new CopyOnWriteArrayList<>();
                sb.context().addRoutes(new RouteBuilder() {
                    @Override
                    public void configure() {
                        from("paho-mqtt5:switchboard/requests/errors?brokerUrl=tcp://127.0.0.1:1883&qos=1")
                                .convertBodyTo(String.class).process(e -> errors.add(e.getMessage().getBody(String.class)));
                    }
                });
                proxy.down();
                sb.context().createProducerTemplate().sendBody(
                        "paho-mqtt5:alerts/sms?brokerUrl=tcp://127.0.0.1:1883&qos=1",
                        "{\"id\":\"" + id + "\",\"phone\":\"+14155550148\",\"text\":\"Door open " + id + "\"}");
                // Taken by the route and retried there while the database is down.
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> sb.context().getInflightRepository().size("mqtt-requests") > 0);
                assertThat(sb.sandbox().createdParams()).isEmpty();

                proxy.up();
                await().atMost(Duration.ofSeconds(30)).until(() -> delivered(sb, id));
                assertThat(sb.sandbox().createdParams()).filteredOn(p -> p.get("Body").contains(id)).hasSize(1);
                assertThat(errors).as("a database outage is not bad input").noneMatch(e -> e.contains(id));
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
