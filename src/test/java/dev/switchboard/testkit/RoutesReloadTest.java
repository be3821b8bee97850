package dev.switchboard.testkit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A route file added to routes/ while Switchboard runs is loaded without a restart (the embedded default). */
class RoutesReloadTest {

    @Test
    void route_file_dropped_while_running_is_loaded_without_restart(@TempDir Path routes) throws IOException {
        try (AdapterTestKit kit = AdapterTestKit.start(Map.of(
                "switchboard.routes.dir", routes.toString(), "switchboard.routes.reload", "true"))) {
            Files.writeString(routes.resolve("ping.camel.yaml"), """
                    - route:
                        id: ping
                        description: Answers pong, to show a new route file is picked up
                        from:
                          uri: platform-http:/hooks/ping
                          steps:
                            - setBody:
                                constant: pong
                    """);

            await().atMost(Duration.ofSeconds(20)).until(() -> kit.switchboard().send(HttpRequest.newBuilder(
                    URI.create(kit.switchboard().url("/hooks/ping"))).GET().build()).body(), "pong"::equals);
            // Only the changed file's routes are reloaded: the API and the dispatcher (Java routes) keep running.
            assertThat(kit.switchboard().context().getRoute("api-submit")).isNotNull();
            assertThat(kit.switchboard().context().getRoute("dispatch-due")).isNotNull();
            assertThat(kit.switchboard().postMessage("{\"to\":\"+14155550145\",\"body\":\"after reload\"}").statusCode())
                    .isEqualTo(202);
        }
    }
}
