package dev.switchboard.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.Backend;
import dev.switchboard.testing.Json;
import dev.switchboard.testing.RunningSwitchboard;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's 60-second tour runs as printed: each curl command of its first shell block, against a running
 * Switchboard (its port for {@code localhost:8080}, the id the first command answered for {@code <id>}).
 */
class ReadmeTourIT {

    @Test
    void the_tour_submits_reads_lists_and_cancels_as_it_says() throws Exception {
        List<String> commands = tourCommands(Files.readString(Path.of("README.md")));
        assertThat(commands).hasSize(4);
        try (RunningSwitchboard sb = RunningSwitchboard.start(Backend.H2.freshDatabase("readme_tour"))) {
            JsonNode accepted = Json.parse(run(commands.get(0), sb, null));
            assertThat(accepted.get("status").asText()).isEqualTo("accepted");
            assertThat(accepted.get("segments").asInt()).isEqualTo(1);
            assertThat(accepted.get("encoding").asText()).isEqualTo("GSM-7");
            String id = accepted.get("id").asText();

            JsonNode read = await().atMost(Duration.ofSeconds(10)).until(() -> Json.parse(run(commands.get(1), sb, id)),
                    m -> "delivered".equals(m.get("status").asText()));
            assertThat(read.get("events").findValuesAsText("status"))
                    .containsExactly("accepted", "queued", "sent", "delivered");

            JsonNode listed = Json.parse(run(commands.get(2), sb, id));
            assertThat(listed.get("items").findValuesAsText("id")).contains(id);

            // Delivered: too late to cancel, as the tour says.
            JsonNode refused = Json.parse(run(commands.get(3), sb, id));
            assertThat(refused.get("error").get("code").asText()).isEqualTo("not_cancelable");
        }
    }

    /** The curl commands of the tour's first shell block, continuation lines joined. */
    static List<String> tourCommands(String readme) {
        int tour = readme.indexOf("## A 60-second tour");
        assertThat(tour).as("README.md has its tour").isNotNegative();
        int start = readme.indexOf("```sh\n", tour) + "```sh\n".length();
        String block = readme.substring(start, readme.indexOf("```", start));
        List<String> commands = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : block.lines().toList()) {
            String trimmed = line.strip();
            if (current.isEmpty() && !trimmed.startsWith("curl ")) {
                continue; // comments, KEY=…, blank lines
            }
            current.append(trimmed.endsWith("\\") ? trimmed.substring(0, trimmed.length() - 1) : trimmed).append(' ');
            if (!trimmed.endsWith("\\")) {
                commands.add(current.toString().strip());
                current.setLength(0);
            }
        }
        return commands;
    }

    private static String run(String command, RunningSwitchboard sb, String id) throws IOException, InterruptedException {
        String resolved = command.replace("localhost:8080", "localhost:" + sb.port());
        if (id != null) {
            resolved = resolved.replace("<id>", id);
        }
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", resolved);
        pb.environment().put("KEY", RunningSwitchboard.API_KEY);
        Process p = pb.start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as(resolved).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(resolved + "\n" + new String(p.getErrorStream().readAllBytes(),
                StandardCharsets.UTF_8)).isZero();
        return out;
    }
}
