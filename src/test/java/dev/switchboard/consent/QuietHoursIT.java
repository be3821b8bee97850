package dev.switchboard.consent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.Backend;
import dev.switchboard.testing.Json;
import dev.switchboard.testing.RunningSwitchboard;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Through the API: with quiet hours that cover "now" in London, bulk waits (scheduled) and transactional goes. */
class QuietHoursIT {

    private static final String LONDON = "+442079460958";

    @Test
    void bulk_is_scheduled_during_quiet_hours_while_transactional_is_delivered() {
        LocalTime london = LocalTime.now(ZoneId.of("Europe/London"));
        DateTimeFormatter hhmm = DateTimeFormatter.ofPattern("HH:mm");
        Map<String, String> settings = new HashMap<>(Backend.POSTGRES.freshDatabase("quiet_hours_api"));
        settings.put("switchboard.quiet.hours", london.minusHours(1).format(hhmm) + "-" + london.plusHours(2).format(hhmm));
        try (RunningSwitchboard sb = RunningSwitchboard.start(settings)) {
            JsonNode bulk = Json.parse(sb.postMessage(
                    "{\"to\":\"" + LONDON + "\",\"body\":\"newsletter\",\"priority\":\"bulk\"}").body());
            JsonNode now = Json.parse(sb.postMessage("{\"to\":\"" + LONDON + "\",\"body\":\"your code\"}").body());

            assertThat(bulk.get("status").asText()).isEqualTo("scheduled");
            await().atMost(Duration.ofSeconds(10)).until(() -> Json.parse(
                    sb.get("/api/v1/messages/" + now.get("id").asText()).body()).get("status").asText(), "delivered"::equals);
            JsonNode held = Json.parse(sb.get("/api/v1/messages/" + bulk.get("id").asText()).body());
            assertThat(held.get("status").asText()).isEqualTo("scheduled");
            assertThat(held.get("priority").asText()).isEqualTo("bulk");
            assertThat(sb.sandbox().createdParams()).extracting(p -> p.get("Body")).containsExactly("your code");
        }
    }
}
