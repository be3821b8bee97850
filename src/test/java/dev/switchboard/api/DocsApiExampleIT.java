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
        Path python = Path.of("/usr/bin/python3");
        if (!Files.isExecutable(python)) {
            throw new IllegalStateException("python3 is needed to run the Python example of docs/api.md: apt-get install -y python3");
        }
        Path script = Files.createTempFile("readme-example", ".py");
        Files.writeString(script, pythonBlock(Files.readString(Path.of("docs/api.md"))));
        try (RunningSwitchboard sb = RunningSwitchboard.start(Backend.H2.freshDatabase("readme_python"))) {
            ProcessBuilder pb = new ProcessBuilder(python.toString(), script.toString()).redirectErrorStream(true);
            pb.environment().put("SWITCHBOARD_URL", sb.url(""));
            pb.environment().put("SWITCHBOARD_API_KEY", RunningSwitchboard.API_KEY);
            Process p = pb.start();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            List<String> out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            assertThat(p.exitValue()).as(String.join("\n", out)).isZero();
            assertThat(out).containsExactly("202 accepted",
                    "delivered ['accepted', 'queued', 'sent', 'delivered']",
                    "422 invalid_to");
        } finally {
            Files.deleteIfExists(script);
        }
    }

    @Test
    void the_python_batch_example_sends_a_campaign_and_repeats_it_safely() throws Exception {
        Path python = Path.of("/usr/bin/python3");
        Path script = Files.createTempFile("batch-example", ".py");
        Files.writeString(script, pythonBlock(Files.readString(Path.of("docs/api.md")), BATCH_MARKER));
        try (RunningSwitchboard sb = RunningSwitchboard.start(Backend.H2.freshDatabase("python_batch"))) {
            ProcessBuilder pb = new ProcessBuilder(python.toString(), script.toString()).redirectErrorStream(true);
            pb.environment().put("SWITCHBOARD_URL", sb.url(""));
            pb.environment().put("SWITCHBOARD_API_KEY", RunningSwitchboard.API_KEY);
            Process p = pb.start();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            List<String> out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            assertThat(p.exitValue()).as(String.join("\n", out)).isZero();
            assertThat(out).containsExactly("Ada accepted", "Grace accepted", "Typo invalid_to", "2 replayed");
        } finally {
            Files.deleteIfExists(script);
        }
    }

    static String pythonBlock(String readme) throws IOException {
        return pythonBlock(readme, MARKER);
    }

    static String pythonBlock(String readme, String mark) {
        int marker = readme.indexOf(mark + "\n");
        assertThat(marker).as("docs/api.md marks its Python example with " + mark).isNotNegative();
        int start = readme.indexOf("```python\n", marker) + "```python\n".length();
        return readme.substring(start, readme.indexOf("```", start));
    }
}
