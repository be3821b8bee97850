package dev.switchboard.connect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.Json;
import dev.switchboard.testing.RunningSwitchboard;
import dev.switchboard.testing.TcpProxy;
import dev.switchboard.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With PostgreSQL unreachable, each connector example holds its input in its route, unacknowledged to its source
 * (no MQTT/RabbitMQ ack, no NATS reply, the SFTP file not moved), and texts it once when the database is back.
 * (Across a restart MQTT's broker keeps it too, but camel-paho-mqtt5 4.14 connects before it sets its callback, so a
 * message resent at that instant can be missed until the next reconnection: see the MQTT example.)
 */
class ConnectorDatabaseDownIT {

    /** Sends one input with {@code id} in its text; returns what the source got back, if it gets anything. */
    private interface Source {
        CompletableFuture<String> send(RunningSwitchboard sb, String id) throws Exception;
    }

    @Test
    void mqtt_alert_is_held_unacknowledged_and_texted_when_the_database_is_back(@TempDir Path dir) throws Exception {
        outage(dir, "mqtt-requests", Map.of("mqtt.client-id", "switchboard-down-" + System.nanoTime()), (sb, id) -> {
            sb.context().createProducerTemplate().sendBody("paho-mqtt5:alerts/sms?brokerUrl=tcp://127.0.0.1:1883&qos=1",
                    "{\"id\":\"" + id + "\",\"phone\":\"+14155550148\",\"text\":\"Door open " + id + "\"}");
            return null;
        });
    }

    @Test
    void rabbitmq_message_is_held_unacknowledged_and_texted_when_the_database_is_back(@TempDir Path dir) throws Exception {
        outage(dir, "rabbitmq-requests", Map.of(), (sb, id) -> {
            sb.context().createProducerTemplate().sendBody(
                    "spring-rabbitmq:switchboard?connectionFactory=#rabbitConnectionFactory&routingKey=sms.requests",
                    "{\"id\":\"" + id + "\",\"to\":\"+14155550148\",\"text\":\"Parcel " + id + "\"}");
            return null;
        });
    }

    @Test
    void nats_request_is_answered_only_when_the_database_is_back(@TempDir Path dir) throws Exception {
        outage(dir, "nats-requests", Map.of(), (sb, id) -> CompletableFuture.supplyAsync(() ->
                sb.context().createProducerTemplate().requestBody(
                        "nats:sms.requests?servers=127.0.0.1:4222&requestTimeout=60000",
                        "{\"ref\":\"" + id + "\",\"msisdn\":\"+14155550148\",\"message\":\"Shipped " + id + "\"}",
                        String.class)));
    }

    @Test
    void sftp_file_stays_until_the_database_is_back(@TempDir Path dir) throws Exception {
        try (SftpServer sftp = new SftpServer(dir)) {
            outage(dir, "sftp-drop", sftp.settings(), (sb, id) -> {
                Files.writeString(sftp.outbox().resolve(id + ".json"),
                        "{\"id\":\"" + id + "\",\"to\":\"+14155550148\",\"body\":\"Invoice " + id + "\"}");
                return CompletableFuture.supplyAsync(() -> {
                    await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(sftp.outbox().resolve(".done/" + id + ".json")));
                    return "moved to .done";
                });
            });
        }
    }

    private static void outage(Path dir, String example, Map<String, String> extra, Source source) throws Exception {
        Path routes = Files.createDirectories(dir.resolve("routes"));
        Files.copy(Path.of("examples", "connectors", example + ".camel.yaml"), routes.resolve(example + ".camel.yaml"));
        String direct = TestDatabases.freshPostgresSchema("connector_db_down");
        URI pg = URI.create(direct.substring("jdbc:".length()));
        String id = example + "-" + System.nanoTime();
        try (TcpProxy proxy = new TcpProxy(pg.getHost(), pg.getPort() < 0 ? 5432 : pg.getPort())) {
            Map<String, String> settings = new HashMap<>(extra);
            settings.put("switchboard.db.url", direct.replaceFirst("//[^/]+/", "//127.0.0.1:" + proxy.port() + "/"));
            settings.put("switchboard.db.connect-timeout-ms", "1000");
            settings.put("switchboard.routes.dir", routes.toString());
            try (RunningSwitchboard sb = RunningSwitchboard.start(settings)) {
                proxy.down();
                CompletableFuture<String> answer = source.send(sb, id);
                // Taken by the route and retried there while the database is down; nothing answered or sent.
                await().atMost(Duration.ofSeconds(20)).until(() -> sb.context().getInflightRepository().size(example) > 0);
                assertThat(sb.sandbox().createdParams()).isEmpty();
                if (answer != null) {
                    assertThat(answer).isNotDone();
                }

                proxy.up();
                await().atMost(Duration.ofSeconds(30)).until(() -> delivered(sb, id));
                assertThat(sb.sandbox().createdParams()).filteredOn(p -> p.get("Body").contains(id)).hasSize(1);
                if (answer != null) {
                    assertThat(answer.get(30, TimeUnit.SECONDS)).doesNotContain("error");
                }
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
