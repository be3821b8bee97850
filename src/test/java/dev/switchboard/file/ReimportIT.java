package dev.switchboard.file;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.ConsentApi;
import dev.switchboard.testing.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A file seen again (dropped twice, or picked up again after a crash halfway) never sends a row twice. */
class ReimportIT {

    private static Inbox inbox;

    @BeforeAll
    static void start() {
        inbox = Inbox.onFreshPostgres("file_reimport");
    }

    @AfterAll
    static void stop() {
        inbox.close();
    }

    @Test
    void the_same_file_dropped_twice_is_processed_once() {
        List<String> phones = phones("731", 5);
        String csv = csv(phones);
        inbox.drop("twice.csv", csv);
        JsonNode first = inbox.awaitImport("twice.csv");

        inbox.drop("twice.csv", csv);
        JsonNode second = await().atMost(Duration.ofSeconds(30)).until(() -> inbox.awaitImport("twice.csv"),
                r -> r.get("id").asLong() != first.get("id").asLong());

        assertThat(first.get("status").asText()).isEqualTo("done");
        assertThat(first.get("accepted").asLong()).isEqualTo(5);
        assertThat(second.get("status").asText()).isEqualTo("skipped");
        assertThat(second.get("reason").asText()).contains("same content as import " + first.get("id").asLong());
        assertThat(second.get("rows").asLong()).isZero();
        assertThat(inbox.done("twice.csv")).exists();
        await().atMost(Duration.ofSeconds(15)).until(() -> phones.stream().allMatch(p -> inbox.sentTo(p).size() == 1));
        phones.forEach(p -> assertThat(messagesTo(p)).isEqualTo(1));
    }

    @Test
    void a_file_whose_first_half_was_already_committed_sends_only_the_second_half() throws Exception {
        List<String> phones = phones("732", 8);
        String csv = csv(phones);
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(csv.getBytes(StandardCharsets.UTF_8)));
        // What a crash after the first batches leaves behind: rows 1-4 committed under their derived keys.
        for (int row = 1; row <= 4; row++) {
            assertThat(inbox.switchboard().post("/api/v1/messages", json(phones.get(row - 1), row),
                    Map.of("Idempotency-Key", "file:" + hash + ":" + row)).statusCode()).isEqualTo(202);
        }

        inbox.drop("halfway.csv", csv);
        JsonNode result = inbox.awaitImport("halfway.csv");

        assertThat(result.get("status").asText()).isEqualTo("done");
        assertThat(result.get("duplicates").asLong()).isEqualTo(4);
        assertThat(result.get("accepted").asLong()).isEqualTo(4);
        await().atMost(Duration.ofSeconds(15)).until(() -> phones.stream().allMatch(p -> inbox.sentTo(p).size() == 1));
        phones.forEach(p -> assertThat(messagesTo(p)).isEqualTo(1));
    }

    private static List<String> phones(String prefix, int n) {
        List<String> phones = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            phones.add(ConsentApi.uniquePhone(prefix));
        }
        return phones;
    }

    private static String csv(List<String> phones) {
        StringBuilder csv = new StringBuilder("to,body\n");
        for (int i = 0; i < phones.size(); i++) {
            csv.append(phones.get(i)).append(",row ").append(i + 1).append('\n');
        }
        return csv.toString();
    }

    /** The request the file's row makes: a dropped file's rows are bulk (SWITCHBOARD_INBOX_PRIORITY). */
    private static String json(String phone, int row) {
        return "{\"to\":\"" + phone + "\",\"body\":\"row " + row + "\",\"priority\":\"bulk\"}";
    }

    private static int messagesTo(String phone) {
        return Json.parse(inbox.switchboard().get("/api/v1/messages?to=" + ConsentApi.encode(phone)).body())
                .get("items").size();
    }
}
