package dev.switchboard.submit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.Backend;
import dev.switchboard.testing.Json;
import dev.switchboard.testing.RunningSwitchboard;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** SWITCHBOARD_SMART_ENCODING and SWITCHBOARD_MAX_SEGMENTS at the front door. */
class SmartEncodingIT {

    private static final String CURLY = "It’s “ready” – see you…";

    @Test
    void smart_encoding_replaces_look_alikes_says_so_and_sends_the_gsm_text() {
        Map<String, String> settings = new HashMap<>(Backend.POSTGRES.freshDatabase("smart_encoding_on"));
        settings.put("switchboard.smart.encoding", "true");
        try (RunningSwitchboard sb = RunningSwitchboard.start(settings)) {
            JsonNode ack = Json.parse(sb.postMessage("{\"to\":\"+14155550100\",\"body\":\"" + CURLY + "\"}").body());

            assertThat(ack.get("encoding").asText()).isEqualTo("GSM-7");
            assertThat(ack.get("smartEncoded").asBoolean()).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> sb.sandbox().messagesCreated() == 1);
            assertThat(sb.sandbox().createdParams().get(0).get("Body")).isEqualTo("It's \"ready\" - see you...");
        }
    }

    @Test
    void without_smart_encoding_the_text_is_sent_as_written_in_ucs2() {
        try (RunningSwitchboard sb = RunningSwitchboard.start(Backend.POSTGRES.freshDatabase("smart_encoding_off"))) {
            JsonNode ack = Json.parse(sb.postMessage("{\"to\":\"+14155550100\",\"body\":\"" + CURLY + "\"}").body());

            assertThat(ack.get("encoding").asText()).isEqualTo("UCS-2");
            assertThat(ack.has("smartEncoded")).isFalse();
            await().atMost(Duration.ofSeconds(10)).until(() -> sb.sandbox().messagesCreated() == 1);
            assertThat(sb.sandbox().createdParams().get(0).get("Body")).isEqualTo(CURLY);
        }
    }

    @Test
    void message_over_the_segment_limit_is_refused_with_the_count() {
        Map<String, String> settings = new HashMap<>(Backend.POSTGRES.freshDatabase("max_segments"));
        settings.put("switchboard.max.segments", "2");
        try (RunningSwitchboard sb = RunningSwitchboard.start(settings)) {
            HttpResponse<String> ok = sb.postMessage("{\"to\":\"+14155550100\",\"body\":\"" + "a".repeat(306) + "\"}");
            HttpResponse<String> tooLong = sb.postMessage("{\"to\":\"+14155550100\",\"body\":\"" + "a".repeat(307) + "\"}");

            assertThat(ok.statusCode()).isEqualTo(202);
            assertThat(tooLong.statusCode()).isEqualTo(422);
            JsonNode error = Json.parse(tooLong.body()).get("error");
            assertThat(error.get("code").asText()).isEqualTo("too_many_segments");
            assertThat(error.get("message").asText()).contains("3 SMS segments").contains("limit is 2");
        }
    }
}
