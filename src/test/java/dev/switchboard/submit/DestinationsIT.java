package dev.switchboard.submit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.Json;
import dev.switchboard.testing.RunningSwitchboard;
import dev.switchboard.testing.TestDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 15, destinations: SWITCHBOARD_ALLOWED_COUNTRIES at every door, before anything is stored, and at dispatch. */
class DestinationsIT {

    private static final String UK = "+447700900123";
    private static final String US = "+14155550123";

    @Test
    void a_request_to_a_country_not_allowed_is_refused_at_the_api_the_inbox_and_verify_and_nothing_is_stored()
            throws IOException {
        Path inbox = Files.createTempDirectory("destinations-inbox");
        Map<String, String> settings = new HashMap<>();
        settings.put("switchboard.db.url", TestDatabases.freshPostgresSchema("destinations_doors"));
        settings.put("switchboard.allowed.countries", "US,CA");
        settings.put("switchboard.inbox.dir", inbox.toString());
        settings.put("switchboard.inbox.poll-ms", "100");
        settings.put("switchboard.inbox.stable-ms", "100");
        try (RunningSwitchboard sb = RunningSwitchboard.start(settings)) {
            var refused = sb.postMessage("{\"to\":\"" + UK + "\",\"body\":\"hello\"}");
            assertThat(refused.statusCode()).isEqualTo(422);
            JsonNode error = Json.parse(refused.body()).get("error");
            assertThat(error.get("code").asText()).isEqualTo("destination_not_allowed");
            assertThat(error.get("field").asText()).isEqualTo("to");
            assertThat(error.get("message").asText()).contains("GB").contains("CA, US");
            assertThat(sb.postMessage("{\"to\":\"" + US + "\",\"body\":\"hello\"}").statusCode()).isEqualTo(202);
            var premium = sb.postMessage("{\"to\":\"+19005550100\",\"body\":\"hello\"}"); // US, but premium rate
            assertThat(premium.statusCode()).isEqualTo(422);
            assertThat(premium.body()).contains("destination_not_allowed").contains("premium rate");

            var code = sb.post("/api/v1/verifications", "{\"to\":\"" + UK + "\"}", Map.of());
            assertThat(code.statusCode()).isEqualTo(422);
            assertThat(code.body()).contains("destination_not_allowed");

            Files.writeString(inbox.resolve("mixed.csv.part"), "to,body\n" + UK + ",row one\n" + US + ",row two\n");
            Files.move(inbox.resolve("mixed.csv.part"), inbox.resolve("mixed.csv"), StandardCopyOption.ATOMIC_MOVE);
            JsonNode imported = await().atMost(Duration.ofSeconds(30)).until(
                    () -> Json.parse(sb.get("/api/v1/imports/mixed.csv").body()),
                    j -> j.has("status") && "done".equals(j.get("status").asText()));
            assertThat(imported.get("accepted").asLong()).isEqualTo(1);
            assertThat(imported.get("rejected").asLong()).isEqualTo(1);
            assertThat(Files.readString(inbox.resolve("failed").resolve("mixed.csv.errors.csv")))
                    .contains("destination_not_allowed").contains("row one");

            String stored = sb.get("/api/v1/messages?to=" + UK.replace("+", "%2B")).body();
            assertThat(Json.parse(stored).get("items")).as("nothing stored for the refused country").isEmpty();
        }
    }

    @Test
    void a_message_stored_before_its_country_was_taken_off_the_list_is_suppressed_at_dispatch() {
        String db = TestDatabases.freshPostgresSchema("destinations_dispatch");
        String id;
        try (RunningSwitchboard before = RunningSwitchboard.start(Map.of("switchboard.db.url", db))) {
            before.context().getRouteController().stopRoute("dispatch-due");
            var accepted = before.postMessage("{\"to\":\"" + UK + "\",\"body\":\"stored before\"}");
            assertThat(accepted.statusCode()).isEqualTo(202);
            id = Json.parse(accepted.body()).get("id").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        try (RunningSwitchboard after = RunningSwitchboard.start(Map.of("switchboard.db.url", db,
                "switchboard.allowed.countries", "US"))) {
            JsonNode m = await().atMost(Duration.ofSeconds(15)).until(
                    () -> Json.parse(after.get("/api/v1/messages/" + id).body()),
                    j -> "suppressed".equals(j.get("status").asText()));

            assertThat(m.get("reason").asText()).isEqualTo("destination_not_allowed");
            assertThat(m.get("twilioSid").isNull()).isTrue();
            assertThat(after.sandbox().createRequests()).isZero();
        }
    }
}
