package dev.switchboard.api;

import dev.switchboard.testing.Backend;
import dev.switchboard.testing.RunningSwitchboard;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The Python example of docs/api.md runs as printed, against a running Switchboard. */
class DocsApiExampleIT {

    private static final String MARKER = "<!-- api-example-python -->";
    private static final String BATCH_MARKER = "<!-- api-example-python-batch -->";

    @Test
    void the_python_example_sends_a_message_and_reads_its_history() throws Exception {
        assertThat(run(MARKER, "readme_python")).containsExactly("202 accepted",
                "delivered ['accepted', 'queued', 'sent', 'delivered']",
                "422 invalid_to");
    }

    @Test
    void the_python_batch_example_sends_a_campaign_and_repeats_it_safely() throws Exception {
        assertThat(run(BATCH_MARKER, "python_batch")).containsExactly("Ada accepted", "Grace accepted",
                "Typo invalid_to", "2 replayed");
    }

    /** Runs the Python block of docs/api.md marked {@code marker} against a fresh Switchboard; its output lines. */
    private static List<String> run(String marker, String database) throws Exception {
        Path python = Path.of("/usr/bin/python3");
        if (!Files.isExecutable(python)) {
            throw new IllegalStateException("python3 is needed to run the Python examples of docs/api.md: apt-get install -y python3");
        }
        Path script = Files.createTempFile("api-example", ".py");
        Files.writeString(script, pythonBlock(Files.readString(Path.of("docs/api.md")), marker));
        try (RunningSwitchboard sb = RunningSwitchboard.start(Backend.H2.freshDatabase(database))) {
            ProcessBuilder pb = new ProcessBuilder(python.toString(), script.toString()).redirectErrorStream(true);
            pb.environment().put("SWITCHBOARD_URL", sb.url(""));
            pb.environment().put("SWITCHBOARD_API_KEY", RunningSwitchboard.API_KEY);
            Process p = pb.start();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            List<String> out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            assertThat(p.exitValue()).as(String.join("\n", out)).isZero();
            return out;
        } finally {
            Files.deleteIfExists(script);
        }
    }

    static String pythonBlock(String readme, String mark) {
        int marker = readme.indexOf(mark + "\n");
        assertThat(marker).as("docs/api.md marks its Python example with " + mark).isNotNegative();
        int start = readme.indexOf("```python\n", marker) + "```python\n".length();
        return readme.substring(start, readme.indexOf("```", start));
    }
}
