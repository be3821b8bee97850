package dev.switchboard.connect;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A route file's text that passed the schema is remembered; one that failed is refused again at every start. */
class RouteChecksTest {

    @Test
    void a_file_that_passed_is_remembered_and_a_changed_one_is_checked_again(@TempDir Path dir) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("routes"));
        Path remembered = dir.resolve("routes-checked.txt");
        Files.writeString(folder.resolve("ping.camel.yaml"), ping("uri"));
        RouteSet.load(folder, RouteChecks.in(remembered));
        assertThat(Files.readAllLines(remembered)).hasSize(1);

        Files.writeString(folder.resolve("ping.camel.yaml"), ping("uir"));
        for (int start = 0; start < 2; start++) {
            assertThatThrownBy(() -> RouteSet.load(folder, RouteChecks.in(remembered)))
                    .isInstanceOf(RouteFileException.class).hasMessageContaining("uir");
        }
        assertThat(Files.readAllLines(remembered)).hasSize(1);
    }

    private static String ping(String key) {
        return """
                - route:
                    id: ping
                    from:
                      %s: timer:ping
                      steps:
                        - log:
                            message: pong
                """.formatted(key);
    }
}
