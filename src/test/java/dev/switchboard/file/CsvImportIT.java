package dev.switchboard.file;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.ConsentApi;
import dev.switchboard.testing.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** CSV files dropped in the inbox: quoting, BOM, CRLF, tags, and refused rows beside the good ones. */
class CsvImportIT {

    private static Inbox inbox;

    @BeforeAll
    static void start() {
        inbox = Inbox.onFreshPostgres("file_csv_import");
    }

    @AfterAll
    static void stop() {
        inbox.close();
    }

    @Test
    void quoted_commas_and_newlines_bom_and_crlf_are_read_as_written_and_extra_columns_become_tags() {
        String a = ConsentApi.uniquePhone("701");
        String b = ConsentApi.uniquePhone("701");
        String csv = "\uFEFFto,body,customer,region\r\n"
                + a + ",\"Hello, world\",\"C-1\",north\r\n"
                + b + ",\"Line one\r\nLine two, with \"\"quotes\"\"\",C-2,\r\n";
        inbox.drop("quoted.csv", csv);

        JsonNode result = inbox.awaitImport("quoted.csv");

        assertThat(result.get("status").asText()).isEqualTo("done");
        assertThat(result.get("accepted").asLong()).isEqualTo(2);
        assertThat(result.get("rejected").asLong()).isZero();
        assertThat(inbox.done("quoted.csv")).exists();
        await().atMost(Duration.ofSeconds(15)).until(() -> inbox.sentTo(a).size() == 1 && inbox.sentTo(b).size() == 1);
        assertThat(inbox.sentTo(a)).containsExactly("Hello, world");
        assertThat(inbox.sentTo(b)).containsExactly("Line one\r\nLine two, with \"quotes\"");
        JsonNode first = Json.parse(inbox.switchboard().get("/api/v1/messages?to=" + ConsentApi.encode(a)).body())
                .get("items").get(0);
        assertThat(first.get("tags").toString()).isEqualTo("{\"customer\":\"C-1\",\"region\":\"north\"}");
        JsonNode second = Json.parse(inbox.switchboard().get("/api/v1/messages?to=" + ConsentApi.encode(b)).body())
                .get("items").get(0);
        assertThat(second.get("tags").toString()).isEqualTo("{\"customer\":\"C-2\"}");
    }

    @Test
    void bad_rows_are_listed_with_formulas_neutralised_while_the_good_rows_are_sent() {
        String good1 = ConsentApi.uniquePhone("702");
        String good2 = ConsentApi.uniquePhone("702");
        String noBody = ConsentApi.uniquePhone("702");
        String csv = "to,body,note\n"
                + good1 + ",first good,\n"
                + "=HYPERLINK(\"http://evil\"),bad number,@SUM(A1)\n"
                + noBody + ",,-2+3\n"
                + good2 + ",second good,+x\n";
        inbox.drop("mixed.csv", csv);

        JsonNode result = inbox.awaitImport("mixed.csv");

        assertThat(result.get("status").asText()).isEqualTo("done");
        assertThat(result.get("rows").asLong()).isEqualTo(4);
        assertThat(result.get("accepted").asLong()).isEqualTo(2);
        assertThat(result.get("rejected").asLong()).isEqualTo(2);
        assertThat(inbox.done("mixed.csv")).exists();
        assertThat(Inbox.csv(inbox.failed("mixed.csv.errors.csv"))).containsExactly(
                List.of("row", "error_code", "error_reason", "to", "body", "note"),
                List.of("2", "invalid_to", "'to' must start with + and a country code, e.g. +14155550100",
                        "'=HYPERLINK(\"http://evil\")", "bad number", "'@SUM(A1)"),
                List.of("3", "missing_body", "'body' is required", "'" + noBody, "", "'-2+3"));
        await().atMost(Duration.ofSeconds(15)).until(() -> inbox.sentTo(good1).size() == 1 && inbox.sentTo(good2).size() == 1);
        assertThat(inbox.sentTo(good2)).containsExactly("second good");
    }

    @Test
    void batches_committing_side_by_side_are_counted_once_and_refused_rows_listed_in_file_order() {
        // Batches of 4 rows, two committing at once (the defaults of Inbox and switchboard.inbox.batches-in-flight).
        StringBuilder csv = new StringBuilder("to,body,idempotencyKey\n");
        List<String> phones = new ArrayList<>();
        String shared = ConsentApi.uniquePhone("704");
        for (int row = 1; row <= 30; row++) {
            if (row == 3 || row == 9 || row == 14 || row == 27) {
                csv.append("+1,bad row ").append(row).append(",\n");
            } else if (row == 7 || row == 10) {
                // One request under one key in two neighbouring batches, which may commit in either order.
                csv.append(shared).append(",the same request,shared-key-704\n");
            } else {
                String phone = ConsentApi.uniquePhone("704");
                phones.add(phone);
                csv.append(phone).append(",row ").append(row).append(",\n");
            }
        }
        inbox.drop("side-by-side.csv", csv.toString());

        JsonNode result = inbox.awaitImport("side-by-side.csv");

        assertThat(result.get("status").asText()).isEqualTo("done");
        assertThat(result.get("rows").asLong()).isEqualTo(30);
        assertThat(result.get("accepted").asLong()).isEqualTo(25);
        assertThat(result.get("duplicates").asLong()).isEqualTo(1);
        assertThat(result.get("rejected").asLong()).isEqualTo(4);
        assertThat(Inbox.csv(inbox.failed("side-by-side.csv.errors.csv"))).extracting(r -> r.get(0))
                .containsExactly("row", "3", "9", "14", "27");
        await().atMost(Duration.ofSeconds(20)).until(() -> phones.stream().allMatch(p -> inbox.sentTo(p).size() == 1)
                && inbox.sentTo(shared).size() == 1);
        assertThat(inbox.sentTo(shared)).containsExactly("the same request");
    }

    @Test
    void a_row_to_someone_who_opted_out_is_stored_suppressed_as_the_api_would_and_not_sent() {
        String optedOut = ConsentApi.uniquePhone("703");
        String other = ConsentApi.uniquePhone("703");
        assertThat(ConsentApi.put(inbox.switchboard(), optedOut,
                "{\"channel\":\"sms\",\"state\":\"opted_out\",\"reason\":\"asked\"}").statusCode()).isEqualTo(200);
        inbox.drop("consent.csv", "to,body\n" + optedOut + ",not for you\n" + other + ",for you\n");

        JsonNode result = inbox.awaitImport("consent.csv");

        assertThat(result.get("accepted").asLong()).isEqualTo(2);
        JsonNode suppressed = Json.parse(inbox.switchboard().get("/api/v1/messages?to=" + ConsentApi.encode(optedOut))
                .body()).get("items").get(0);
        assertThat(suppressed.get("status").asText()).isEqualTo("suppressed");
        assertThat(suppressed.get("reason").asText()).isEqualTo("opted_out");
        await().atMost(Duration.ofSeconds(15)).until(() -> inbox.sentTo(other).size() == 1);
        assertThat(inbox.sentTo(optedOut)).isEmpty();
    }
}
