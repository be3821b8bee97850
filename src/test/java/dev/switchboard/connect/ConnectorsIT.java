package dev.switchboard.connect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.domain.MessageRequest;
import dev.switchboard.testing.Json;
import dev.switchboard.testing.RunningSwitchboard;
import dev.switchboard.testkit.AdapterTestKit;
import org.apache.camel.ExchangePattern;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The connector examples against the brokers this machine runs (Mosquitto on 1883, NATS on 4222), their components
 * fetched on demand on the first start and loaded from the folder offline on the next.
 */
class ConnectorsIT {

    private static final Path EXAMPLES = Path.of("examples", "connectors");

    @Test
    void mqtt_alerts_are_texted_once_and_bad_ones_go_to_the_errors_topic_with_the_reason(@TempDir Path routes) throws IOException {
        copy(routes, "mqtt-requests.camel.yaml", "mqtt-status-sink.camel.yaml");
        try (AdapterTestKit kit = AdapterTestKit.start(Map.of("switchboard.routes.dir", routes.toString()))) {
            List<String> errors = capture(kit, "paho-mqtt5:switchboard/requests/errors?brokerUrl=tcp://127.0.0.1:1883&qos=1");
            List<String> events = capture(kit, "paho-mqtt5:switchboard/events/delivered?brokerUrl=tcp://127.0.0.1:1883&qos=1");
            String id = "alert-" + System.nanoTime();
            String alert = "{\"id\":\"" + id + "\",\"phone\":\"+14155550142\",\"text\":\"Door open " + id + "\"}";
            String mqtt = "paho-mqtt5:alerts/sms?brokerUrl=tcp://127.0.0.1:1883&qos=1";
            kit.template().sendBody(mqtt, alert);
            kit.template().sendBody(mqtt, alert); // a redelivery: same id
            kit.template().sendBody(mqtt, "{\"id\":\"x\",\"phone\":\"12\",\"text\":\"x\"}");
            kit.template().sendBody(mqtt, "not json");

            await().atMost(Duration.ofSeconds(20)).until(() -> errors.size() >= 2);
            assertThat(Json.parse(errors.get(0)).at("/error/code").asText()).isEqualTo("invalid_to");
            assertThat(Json.parse(errors.get(0)).at("/error/field").asText()).isEqualTo("to");
            assertThat(Json.parse(errors.get(0)).at("/payload").asText()).contains("\"phone\":\"12\"");
            assertThat(Json.parse(errors.get(1)).at("/payload").asText()).isEqualTo("not json");

            await().atMost(Duration.ofSeconds(20)).until(() -> delivered(kit, "+14155550142", id));
            assertThat(createdWith(kit, id)).hasSize(1);
            assertThat(kit.submitted()).filteredOn(r -> r.body().contains(id))
                    .allSatisfy(r -> assertThat(r.idempotencyKey()).isEqualTo(id));
            // The sink: the status changes reached MQTT too.
            await().atMost(Duration.ofSeconds(20)).until(() -> events.stream().anyMatch(e -> e.contains("\"delivered\"")));
        }
    }

    @Test
    void nats_requests_are_answered_after_commit_and_a_repeat_texts_once(@TempDir Path routes) throws IOException {
        copy(routes, "nats-requests.camel.yaml");
        try (AdapterTestKit kit = AdapterTestKit.start(Map.of("switchboard.routes.dir", routes.toString()))) {
            String nats = "nats:sms.requests?servers=127.0.0.1:4222&requestTimeout=10000";
            String ref = "o-" + System.nanoTime();
            String request = "{\"ref\":\"" + ref + "\",\"msisdn\":\"+14155550143\",\"message\":\"Shipped " + ref + "\"}";
            JsonNode first = Json.parse(kit.template().requestBody(nats, request, String.class));
            JsonNode again = Json.parse(kit.template().requestBody(nats, request, String.class));
            assertThat(first.path("status").asText()).isEqualTo("accepted");
            assertThat(again.path("id").asText()).isEqualTo(first.path("id").asText());

            JsonNode bad = Json.parse(kit.template().requestBody(nats, "{\"ref\":\"b\",\"message\":\"x\"}", String.class));
            assertThat(bad.at("/error/field").asText()).isEqualTo("to");

            await().atMost(Duration.ofSeconds(20)).until(() -> delivered(kit, "+14155550143", ref));
            assertThat(createdWith(kit, ref)).hasSize(1);
        }
    }

    @Test
    void rabbitmq_requests_are_texted_once_and_bad_ones_go_to_the_errors_queue(@TempDir Path routes) throws IOException {
        copy(routes, "rabbitmq-requests.camel.yaml");
        try (AdapterTestKit kit = AdapterTestKit.start(Map.of("switchboard.routes.dir", routes.toString()))) {
            String rabbit = "spring-rabbitmq:switchboard?connectionFactory=#rabbitConnectionFactory";
            List<String> errors = capture(kit, rabbit + "&queues=sms.requests.errors-test&routingKey=sms.requests.errors"
                    + "&autoDeclare=true");
            String id = "r-" + System.nanoTime();
            String request = "{\"id\":\"" + id + "\",\"to\":\"+14155550146\",\"text\":\"Parcel " + id + "\"}";
            kit.template().sendBody(rabbit + "&routingKey=sms.requests", request);
            kit.template().sendBody(rabbit + "&routingKey=sms.requests", request);
            kit.template().sendBody(rabbit + "&routingKey=sms.requests", "{\"id\":\"bad\",\"to\":\"+1\",\"text\":\"x\"}");

            await().atMost(Duration.ofSeconds(20)).until(() -> errors.size() >= 1);
            assertThat(Json.parse(errors.get(0)).at("/error/field").asText()).isEqualTo("to");
            assertThat(Json.parse(errors.get(0)).at("/source").asText()).isEqualTo("rabbitmq-requests");
            await().atMost(Duration.ofSeconds(20)).until(() -> delivered(kit, "+14155550146", id));
            assertThat(createdWith(kit, id)).hasSize(1);
        }
    }

    @Test
    void a_foreign_webhook_is_answered_like_the_api_after_commit(@TempDir Path routes) throws IOException {
        copy(routes, "shop-webhook.camel.yaml");
        try (AdapterTestKit kit = AdapterTestKit.start(Map.of("switchboard.routes.dir", routes.toString()))) {
            String event = "{\"event_id\":\"ev-%s\",\"type\":\"order.shipped\",\"customer\":{\"phone\":\"%s\",\"name\":\"Ada\"},"
                    + "\"order\":{\"number\":\"1042\"}}";
            String id = String.valueOf(System.nanoTime());
            var first = kit.switchboard().post("/hooks/shop", event.formatted(id, "+14155550147"), Map.of());
            var again = kit.switchboard().post("/hooks/shop", event.formatted(id, "+14155550147"), Map.of());
            var bad = kit.switchboard().post("/hooks/shop", event.formatted("b" + id, "0147"), Map.of());

            assertThat(first.statusCode()).isEqualTo(202);
            assertThat(Json.parse(again.body()).path("id").asText()).isEqualTo(Json.parse(first.body()).path("id").asText());
            assertThat(bad.statusCode()).isEqualTo(422);
            assertThat(Json.parse(bad.body()).at("/error/field").asText()).isEqualTo("to");
            MessageRequest r = kit.awaitSubmitted(1).get(0);
            assertThat(r.body()).isEqualTo("Hi Ada, order 1042 has shipped.");
            assertThat(r.source()).isEqualTo("shop");
        }
    }

    @Test
    void offline_start_uses_the_folder_and_refuses_a_missing_component_with_one_line(@TempDir Path routes,
                                                                                   @TempDir Path empty) throws IOException {
        copy(routes, "mqtt-requests.camel.yaml");
        // Fetched into the shared folder by the first start (or an earlier test): offline, the folder is enough.
        try (AdapterTestKit online = AdapterTestKit.start(Map.of("switchboard.routes.dir", routes.toString()))) {
            assertThat(online.switchboard().context().getRoute("mqtt-requests")).isNotNull();
        }
        try (AdapterTestKit offline = AdapterTestKit.start(Map.of("switchboard.routes.dir", routes.toString(),
                "switchboard.components.offline", "true"))) {
            assertThat(offline.switchboard().context().getRouteController().getRouteStatus("mqtt-requests").isStarted()).isTrue();
        }
        assertThatThrownBy(() -> RunningSwitchboard.start(Map.of("switchboard.routes.dir", routes.toString(),
                "switchboard.components.offline", "true", "switchboard.components.dir", empty.toString())))
                .isInstanceOf(RouteFileException.class)
                .hasMessageMatching(routes.getFileName() + "/mqtt-requests\\.camel\\.yaml:\\d+: component 'paho-mqtt5' "
                        + "\\(org\\.apache\\.camel:camel-paho-mqtt5:4\\.14\\.0\\) is not in the components folder .*"
                        + "java -jar switchboard\\.jar components fetch paho-mqtt5.*");
    }

    @Test
    void a_scheme_no_component_has_is_refused_with_its_file_and_line(@TempDir Path routes) throws IOException {
        Files.writeString(routes.resolve("typo.camel.yaml"), """
                - route:
                    id: typo
                    from:
                      uri: paho-mqtt:alerts
                      steps:
                        - to:
                            uri: direct:submit-json
                """);
        assertThatThrownBy(() -> RunningSwitchboard.start(Map.of("switchboard.routes.dir", routes.toString())))
                .isInstanceOf(RouteFileException.class)
                .hasMessageStartingWith(routes.getFileName() + "/typo.camel.yaml:4: no Camel component has the scheme 'paho-mqtt'");
    }

    /** What reached "Twilio" with {@code marker} in its body (brokers may still hold an earlier run's messages). */
    private static List<Map<String, String>> createdWith(AdapterTestKit kit, String marker) {
        return kit.switchboard().sandbox().createdParams().stream()
                .filter(p -> p.getOrDefault("Body", "").contains(marker)).toList();
    }

    private static boolean delivered(AdapterTestKit kit, String to, String marker) {
        JsonNode list = Json.parse(kit.switchboard().get("/api/v1/messages?to=" + to.replace("+", "%2B")).body());
        for (JsonNode item : list.path("items")) {
            if (item.path("body").asText().contains(marker)) {
                return "delivered".equals(item.path("status").asText());
            }
        }
        return false;
    }

    private static List<String> capture(AdapterTestKit kit, String uri) {
        List<String> got = new CopyOnWriteArrayList<>();
        try {
            kit.switchboard().context().addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from(uri).convertBodyTo(String.class).process(e -> got.add(e.getMessage().getBody(String.class)));
                }
            });
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return got;
    }

    private static void copy(Path routes, String... names) throws IOException {
        for (String name : names) {
            Files.copy(EXAMPLES.resolve(name), routes.resolve(name));
        }
    }
}
