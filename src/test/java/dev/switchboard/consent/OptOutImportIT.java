package dev.switchboard.consent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.Backend;
import dev.switchboard.testing.Json;
import dev.switchboard.testing.RunningSwitchboard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A *.optout.csv dropped in the inbox records opt-outs (and is not mistaken for a batch of messages). */
class OptOutImportIT {

    @Test
    void dropped_optout_list_opts_recipients_out_and_lists_refused_rows(@TempDir Path inbox) throws IOException {
        Map<String, String> settings = new HashMap<>(Backend.POSTGRES.freshDatabase("optout_import"));
        settings.put("switchboard.inbox.dir", inbox.toString());
        settings.put("switchboard.inbox.stable-ms", "200");
        settings.put("switchboard.inbox.poll-ms", "200");
        try (RunningSwitchboard sb = RunningSwitchboard.start(settings)) {
            Files.writeString(inbox.resolve("crm.optout.part"), """
                    phone,channel,reason
                    +14155550301,,asked by phone
                    +14155550302,all,
                    not-a-number,sms,typo
                    """);
            Files.move(inbox.resolve("crm.optout.part"), inbox.resolve("crm.optout.csv"));

            await().atMost(Duration.ofSeconds(15)).until(() -> Files.exists(inbox.resolve("done/crm.optout.csv")));

            JsonNode first = consent(sb, "+14155550301");
            assertThat(first.get("channels").get("sms").get("state").asText()).isEqualTo("opted_out");
            assertThat(first.get("channels").get("sms").get("source").asText()).isEqualTo("import");
            assertThat(first.get("channels").get("sms").get("reason").asText()).isEqualTo("asked by phone");
            assertThat(first.get("channels").get("whatsapp").get("state").asText()).isEqualTo("opted_in");
            JsonNode all = consent(sb, "+14155550302").get("channels");
            assertThat(all.get("sms").get("state").asText()).isEqualTo("opted_out");
            assertThat(all.get("whatsapp").get("state").asText()).isEqualTo("opted_out");
            assertThat(all.get("voice").get("state").asText()).isEqualTo("opted_out");
            assertThat(Files.readString(inbox.resolve("failed/crm.optout.csv.errors.csv")))
                    .contains("3,invalid_phone");
            // Not read as a batch of messages by the inbox: nothing was submitted or imported.
            assertThat(Json.parse(sb.get("/api/v1/imports").body()).get("items")).isEmpty();
            assertThat(sb.postMessage("{\"to\":\"+14155550301\",\"body\":\"hi\"}").body()).contains("\"suppressed\"");
        }
    }

    @Test
    void an_optout_list_that_is_a_link_or_has_an_overlong_row_is_not_read(@TempDir Path inbox, @TempDir Path elsewhere)
            throws IOException {
        Map<String, String> settings = new HashMap<>(Backend.POSTGRES.freshDatabase("optout_limits"));
        settings.put("switchboard.inbox.dir", inbox.toString());
        settings.put("switchboard.inbox.stable-ms", "200");
        settings.put("switchboard.inbox.poll-ms", "200");
        settings.put("switchboard.inbox.max-record-chars", "100");
        try (RunningSwitchboard sb = RunningSwitchboard.start(settings)) {
            Path outside = Files.writeString(elsewhere.resolve("secret.csv"), "phone\n+14155550311\n");
            Files.createSymbolicLink(inbox.resolve("linked.optout.csv"), outside);
            Files.writeString(inbox.resolve("long.optout.part"),
                    "phone,channel,reason\n+14155550312,sms," + "x".repeat(200) + "\n");
            Files.move(inbox.resolve("long.optout.part"), inbox.resolve("long.optout.csv"));

            await().atMost(Duration.ofSeconds(15)).until(() -> Files.exists(inbox.resolve("failed/long.optout.csv"))
                    && Files.exists(inbox.resolve("failed/linked.optout.csv"), java.nio.file.LinkOption.NOFOLLOW_LINKS));

            assertThat(consent(sb, "+14155550311").get("channels").get("sms").get("state").asText())
                    .isEqualTo("opted_in");
            assertThat(consent(sb, "+14155550312").get("channels").get("sms").get("state").asText())
                    .isEqualTo("opted_in");
        }
    }

    private static JsonNode consent(RunningSwitchboard sb, String phone) {
        return Json.parse(sb.get("/api/v1/consents/" + phone).body());
    }
}
