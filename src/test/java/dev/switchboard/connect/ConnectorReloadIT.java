package dev.switchboard.connect;

import dev.switchboard.testing.RunningSwitchboard;
import dev.switchboard.testkit.AdapterTestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A route file dropped into a running Switchboard that needs a component it has not loaded yet. */
class ConnectorReloadIT {

    @Test
    void a_reloaded_route_gets_its_component(@TempDir Path routes) throws IOException {
        try (AdapterTestKit kit = AdapterTestKit.start(Map.of("switchboard.routes.dir", routes.toString(),
                "switchboard.routes.reload", "true"))) {
            assertThat(kit.switchboard().context().hasComponent("nats")).isNull();
            Files.writeString(routes.resolve("nats-in.camel.yaml"), natsRoute("nats-in"));
            // The route is added, then started: wait for both (a route seen between the two is not yet started).
            await().atMost(Duration.ofSeconds(60)).until(() -> kit.switchboard().context().getRoute("nats-in") != null
                    && kit.switchboard().context().getRouteController().getRouteStatus("nats-in").isStarted());
        }
    }

    @Test
    void offline_a_reloaded_route_missing_its_component_is_refused_and_the_rest_keeps_running(@TempDir Path routes,
                                                                                            @TempDir Path empty) throws IOException {
        try (AdapterTestKit kit = AdapterTestKit.start(Map.of("switchboard.routes.dir", routes.toString(),
                "switchboard.routes.reload", "true", "switchboard.components.offline", "true",
                "switchboard.components.dir", empty.toString()))) {
            Files.writeString(routes.resolve("nats-in.camel.yaml"), natsRoute("nats-in"));
            // A later, valid file is loaded: by then the first one has been seen and refused.
            Files.writeString(routes.resolve("ping.camel.yaml"), PING);
            await().atMost(Duration.ofSeconds(30)).until(() -> kit.switchboard().context().getRoute("ping") != null);
            assertThat(kit.switchboard().context().getRoute("nats-in")).isNull();
            assertThat(kit.switchboard().postMessage("{\"to\":\"+14155550150\",\"body\":\"still here\"}").statusCode())
                    .isEqualTo(202);
            assertThat(kit.switchboard().context().getRoute("api-submit")).isNotNull();
        }
    }

    @Test
    void a_file_camel_cannot_load_does_not_hold_back_the_files_dropped_after_it(@TempDir Path routes) throws IOException {
        try (AdapterTestKit kit = AdapterTestKit.start(Map.of("switchboard.routes.dir", routes.toString(),
                "switchboard.routes.reload", "true"))) {
            // Passes the schema and its component is here, but Camel refuses the endpoint option when loading it.
            Files.writeString(routes.resolve("bad.camel.yaml"), """
                    - route:
                        id: bad
                        from:
                          uri: timer:tick?noSuchOption=true
                          steps:
                            - log: never
                    """);
            await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                    .until(() -> kit.switchboard().context().getRoute("bad") == null);
            Files.writeString(routes.resolve("ping.camel.yaml"), PING);
            await().atMost(Duration.ofSeconds(30)).until(() -> kit.switchboard().context().getRoute("ping") != null);
            assertThat(kit.switchboard().context().getRoute("bad")).isNull();
        }
    }

    private static final String PING = """
            - route:
                id: ping
                from:
                  uri: platform-http:/hooks/ping
                  steps:
                    - setBody:
                        constant: pong
            """;

    private static String natsRoute(String id) {
        return """
                - route:
                    id: %s
                    from:
                      uri: nats:reload.test
                      parameters:
                        servers: 127.0.0.1:4222
                      steps:
                        - to:
                            uri: direct:submit-json
                """.formatted(id);
    }
}
