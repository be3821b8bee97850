package dev.switchboard.testkit;

import dev.switchboard.domain.MessageRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The example route file of docs/sources.md ("Adding an inbound source"), run as written, through the test kit. */
class DocsExampleRouteTest {

    @Test
    void readme_example_route_maps_an_mqtt_alert_with_jq_and_submits_it(@TempDir Path routes) throws IOException {
        // Taken from the guide itself, so it cannot drift from what works.
        String readme = Files.readString(Path.of("docs/sources.md"));
        int start = readme.indexOf("```yaml\n# routes/mqtt-requests.camel.yaml");
        assertThat(start).as("the guide's example route").isNotNegative();
        String yaml = readme.substring(start + "```yaml\n".length(), readme.indexOf("```", start + 8));
        Files.writeString(routes.resolve("mqtt-requests.camel.yaml"), yaml);
        try (AdapterTestKit kit = AdapterTestKit.start(Map.of("switchboard.routes.dir", routes.toString()))) {
            String id = "readme-" + System.nanoTime();
            kit.template().sendBody("paho-mqtt5:alerts/sms?brokerUrl=tcp://127.0.0.1:1883&qos=1",
                    "{\"id\":\"" + id + "\",\"phone\":\"+14155550144\",\"text\":\"from the readme " + id + "\"}");
            // The broker may also hand over alerts queued for this persistent session by earlier runs or tests.
            await().atMost(Duration.ofSeconds(10)).until(() -> kit.submitted().stream().anyMatch(s -> id.equals(s.idempotencyKey())));
            MessageRequest r = kit.submitted().stream().filter(s -> id.equals(s.idempotencyKey())).findFirst().orElseThrow();
            assertThat(r.to().value()).isEqualTo("+14155550144");
            assertThat(r.body()).isEqualTo("from the readme " + id);
            assertThat(r.idempotencyKey()).isEqualTo(id);
            assertThat(r.source()).isEqualTo("mqtt-requests"); // no SwitchboardSource header: the route's id
            await().atMost(Duration.ofSeconds(10)).until(() -> kit.switchboard().sandbox().createdParams().stream()
                    .filter(c -> ("from the readme " + id).equals(c.get("Body"))).count() == 1);
        }
    }
}
