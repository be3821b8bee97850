package dev.switchboard.connect;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The engineer's routes folder adds to the bundled routes; a file's name or an item's id replaces a bundled one. */
class RouteSetTest {

    @Test
    void a_folder_file_adds_to_every_bundled_route(@TempDir Path folder) throws IOException {
        Files.writeString(folder.resolve("ping.camel.yaml"), route("ping", "platform-http:/hooks/ping"));
        RouteSet set = RouteSet.load(folder);
        assertThat(ids(set)).contains("ping", "jms-requests", "file-inbox", "email-requests", "publish-status-events");
        assertThat(set.sources()).filteredOn(RouteSet.Source::bundled).hasSize(RouteSet.bundledNames().size());
    }

    @Test
    void a_route_with_a_bundled_id_replaces_only_that_route(@TempDir Path folder) throws IOException {
        Files.writeString(folder.resolve("my-jms.camel.yaml"), route("jms-requests", "timer:mine"));
        RouteSet set = RouteSet.load(folder);
        assertThat(ids(set).stream().filter("jms-requests"::equals)).hasSize(1);
        RouteSet.Source bundledJms = set.sources().stream()
                .filter(s -> s.location().equals("classpath:routes/jms-requests.camel.yaml")).findFirst().orElseThrow();
        // The bundled file's route configuration stays for the engineer's route to use.
        assertThat(bundledJms.doc().items()).extracting(RouteDocument.Item::id).containsExactly("jms-errors");
        assertThat(set.endpoints()).extracting(Endpoint::uri).contains("timer:mine")
                .doesNotContain("jms:queue:{{switchboard.jms.queue}}");
    }

    @Test
    void a_file_with_a_bundled_name_replaces_that_file(@TempDir Path folder) throws IOException {
        Files.writeString(folder.resolve("jms-requests.camel.yaml"), route("my-jms", "timer:mine"));
        RouteSet set = RouteSet.load(folder);
        assertThat(ids(set)).contains("my-jms").doesNotContain("jms-requests", "jms-errors");
    }

    @Test
    void an_invalid_folder_file_is_refused_with_its_name_and_line(@TempDir Path folder) throws IOException {
        Files.writeString(folder.resolve("bad.camel.yaml"), route("bad", "timer:x").replace("uri:", "url:"));
        assertThatThrownBy(() -> RouteSet.load(folder)).isInstanceOf(RouteFileException.class)
                .hasMessageStartingWith(folder.getFileName() + "/bad.camel.yaml:5:");
    }

    private static List<String> ids(RouteSet set) {
        return set.sources().stream().flatMap(s -> s.doc().items().stream()).map(RouteDocument.Item::id).toList();
    }

    private static String route(String id, String uri) {
        return """
                - route:
                    id: %s
                    description: test
                    from:
                      uri: %s
                      steps:
                        - log:
                            message: hi
                """.formatted(id, uri);
    }
}
