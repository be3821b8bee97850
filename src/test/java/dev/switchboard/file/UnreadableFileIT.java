package dev.switchboard.file;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.ConsentApi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Files that cannot be imported at all go to failed/ with a reason and send nothing; unfinished files wait. */
class UnreadableFileIT {

    private static Inbox inbox;

    @BeforeAll
    static void start() {
        inbox = Inbox.onFreshPostgres("file_unreadable");
    }

    @AfterAll
    static void stop() {
        inbox.close();
    }

    @Test
    void a_binary_file_goes_to_failed_with_its_reason_and_sends_nothing() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
        inbox.drop("photo.csv", png);

        JsonNode result = inbox.awaitImport("photo.csv");

        assertThat(result.get("status").asText()).isEqualTo("failed");
        assertThat(result.get("rows").asLong()).isZero();
        assertThat(inbox.failed("photo.csv")).exists();
        assertThat(Inbox.read(inbox.failed("photo.csv.reason.txt"))).contains("not UTF-8 text");
    }

    @Test
    void a_text_file_with_nul_bytes_is_refused_as_binary() {
        inbox.drop("nul.jsonl", "{\"to\":\"+14155550100\",\"body\":\"hi\"}\n\0\0\0\n");

        JsonNode result = inbox.awaitImport("nul.jsonl");

        assertThat(result.get("status").asText()).isEqualTo("failed");
        assertThat(result.get("reason").asText()).contains("binary");
        assertThat(Inbox.read(inbox.failed("nul.jsonl.reason.txt"))).contains("binary");
        assertThat(inbox.switchboard().sandbox().createdParams()).noneMatch(p -> "+14155550100".equals(p.get("To")));
    }

    @Test
    void latin1_text_is_refused_as_not_utf8_before_any_row_is_sent() {
        String phone = ConsentApi.uniquePhone("711");
        byte[] latin1 = ("to,body\n" + phone + ",Caf\u00e9 ready\n").getBytes(StandardCharsets.ISO_8859_1);
        inbox.drop("latin1.csv", latin1);

        JsonNode result = inbox.awaitImport("latin1.csv");

        assertThat(result.get("status").asText()).isEqualTo("failed");
        assertThat(Inbox.read(inbox.failed("latin1.csv.reason.txt"))).contains("not UTF-8");
        assertThat(inbox.sentTo(phone)).isEmpty();
    }

    @Test
    void a_csv_without_a_header_goes_to_failed_saying_the_to_column_is_missing() {
        String phone = ConsentApi.uniquePhone("712");
        inbox.drop("noheader.csv", phone + ",hello\n" + ConsentApi.uniquePhone("712") + ",again\n");

        JsonNode result = inbox.awaitImport("noheader.csv");

        assertThat(result.get("status").asText()).isEqualTo("failed");
        assertThat(inbox.failed("noheader.csv")).exists();
        assertThat(Inbox.read(inbox.failed("noheader.csv.reason.txt"))).contains("header").contains("'to'");
        assertThat(inbox.sentTo(phone)).isEmpty();
    }

    @Test
    void an_empty_csv_file_goes_to_failed_as_having_no_header() {
        inbox.drop("empty.csv", "");

        JsonNode result = inbox.awaitImport("empty.csv");

        assertThat(result.get("status").asText()).isEqualTo("failed");
        assertThat(Inbox.read(inbox.failed("empty.csv.reason.txt"))).contains("empty");
    }

    @Test
    void an_unterminated_quote_refuses_the_whole_file_before_any_row_is_sent() {
        String first = ConsentApi.uniquePhone("713");
        inbox.drop("broken.csv", "to,body\n" + first + ",fine\n" + ConsentApi.uniquePhone("713") + ",\"never closed\n");

        JsonNode result = inbox.awaitImport("broken.csv");

        assertThat(result.get("status").asText()).isEqualTo("failed");
        assertThat(Inbox.read(inbox.failed("broken.csv.reason.txt"))).contains("not well-formed CSV");
        assertThat(inbox.sentTo(first)).isEmpty();
    }

    @Test
    void a_tmp_file_is_left_alone_until_it_is_renamed() throws IOException {
        String phone = ConsentApi.uniquePhone("714");
        Path tmp = inbox.dir().resolve("late.csv.tmp");
        Files.writeString(tmp, "to,body\n" + phone + ",finally\n");

        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(3)).until(
                () -> Files.exists(tmp) && inbox.switchboard().get("/api/v1/imports/late.csv.tmp").statusCode() == 404);
        Files.move(tmp, inbox.dir().resolve("late.csv"));

        assertThat(inbox.awaitImport("late.csv").get("accepted").asLong()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(15)).until(() -> inbox.sentTo(phone).size() == 1);
    }
}
