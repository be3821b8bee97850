package dev.switchboard.connect;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every route file we ship or show (routes/, examples/connectors/) passes Camel's own YAML DSL schema. */
class RouteSchemaTest {

    static Stream<Path> routeFiles() throws IOException {
        List<Path> files = Stream.of(Path.of("routes"), Path.of("examples", "connectors"))
                .flatMap(RouteSchemaTest::list).toList();
        assertThat(files).hasSizeGreaterThanOrEqualTo(12);
        return files.stream();
    }

    @ParameterizedTest
    @MethodSource("routeFiles")
    void every_route_file_is_valid_camel_yaml(Path file) throws IOException {
        RouteDocument doc = RouteDocument.parse(file.toString(), Files.readString(file));
        assertThat(RouteSchema.problem(doc)).isEmpty();
        assertThat(doc.items()).filteredOn(i -> !"beans".equals(i.kind())).isNotEmpty()
                .allSatisfy(i -> assertThat(i.id()).as("every route and route configuration has an id").isNotNull());
    }

    @Test
    void a_misspelt_key_is_refused_with_its_file_and_line() {
        RouteDocument doc = RouteDocument.parse("routes/typo.camel.yaml", """
                - route:
                    id: typo
                    from:
                      uir: timer:tick
                      steps:
                        - log:
                            message: hi
                """);
        assertThatThrownBy(() -> RouteSchema.check(doc))
                .isInstanceOf(RouteFileException.class)
                .hasMessageStartingWith("routes/typo.camel.yaml:4: not a valid Camel YAML route:")
                .hasMessageContaining("uir");
    }

    @Test
    void an_unknown_step_is_refused_with_its_line() {
        RouteDocument doc = RouteDocument.parse("routes/step.camel.yaml", """
                - route:
                    id: step
                    from:
                      uri: timer:tick
                      steps:
                        - log:
                            message: hi
                        - sendTo:
                            uri: log:x
                """);
        assertThat(RouteSchema.problem(doc)).hasValueSatisfying(p -> assertThat(p).startsWith("routes/step.camel.yaml:8:"));
    }

    @Test
    void text_that_is_not_yaml_is_refused_with_its_line() {
        assertThatThrownBy(() -> RouteDocument.parse("routes/bad.camel.yaml", "- route:\n    id: [unclosed\n"))
                .isInstanceOf(RouteFileException.class)
                .hasMessageStartingWith("routes/bad.camel.yaml:")
                .hasMessageContaining("not valid YAML");
    }

    @Test
    void endpoints_are_listed_with_their_scheme_and_line() {
        RouteDocument doc = RouteDocument.parse("routes/e.camel.yaml", """
                - route:
                    id: e
                    from:
                      uri: paho-mqtt5:alerts
                      steps:
                        - to: "nats:out"
                        - to:
                            uri: "{{sink.uri}}"
                """);
        assertThat(doc.endpoints()).extracting(Endpoint::uri, Endpoint::line)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("paho-mqtt5:alerts", 4),
                        org.assertj.core.groups.Tuple.tuple("nats:out", 6),
                        org.assertj.core.groups.Tuple.tuple("{{sink.uri}}", 8));
        assertThat(doc.endpoints()).extracting(e -> e.scheme().orElse("?")).containsExactly("paho-mqtt5", "nats", "?");
    }

    private static Stream<Path> list(Path dir) {
        try {
            return Files.list(dir).filter(p -> p.toString().endsWith(".camel.yaml")).sorted().toList().stream();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
