package dev.switchboard.testkit;

import dev.switchboard.domain.MessageRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The README's example route file ("Adding an inbound source"), run as written, through the test kit. */
class ReadmeExampleRouteTest {

    @Test
    void readme_example_route_submits_the_crm_request_and_answers_like_the_api(@TempDir Path routes) throws IOException {
        // Taken from the README itself, so the guide cannot drift from what works.
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("```yaml\n# routes/crm-webhook.camel.yaml");
        assertThat(start).as("the README's example route").isNotNegative();
        String yaml = readme.substring(start + "```yaml\n".length(), readme.indexOf("```", start + 8));
        Files.writeString(routes.resolve("crm-webhook.camel.yaml"), yaml);
        try (AdapterTestKit kit = AdapterTestKit.start(Map.of("switchboard.routes.dir", routes.toString()))) {
            HttpResponse<String> ok = kit.switchboard().post("/hooks/crm",
                    "{\"to\":\"+14155550100\",\"body\":\"from the crm\"}", Map.of("X-Event-Id", "evt-1"));
            HttpResponse<String> bad = kit.switchboard().post("/hooks/crm", "{\"to\":\"nope\",\"body\":\"x\"}", Map.of());

            assertThat(ok.statusCode()).isEqualTo(202);
            assertThat(bad.statusCode()).isEqualTo(422);
            MessageRequest r = kit.awaitSubmitted(1).get(0);
            assertThat(r.source()).isEqualTo("crm");
            assertThat(r.idempotencyKey()).isEqualTo("evt-1");
            await().atMost(Duration.ofSeconds(10)).until(() -> kit.switchboard().sandbox().messagesCreated() == 1);
        }
    }
}
