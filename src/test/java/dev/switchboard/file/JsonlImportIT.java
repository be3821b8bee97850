package dev.switchboard.file;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.ConsentApi;
import dev.switchboard.testing.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** JSONL files (one API-shaped request per line) and the imports API that reports on every file. */
class JsonlImportIT {

    private static Inbox inbox;

    @BeforeAll
    static void start() {
        inbox = Inbox.onFreshPostgres("file_jsonl_import");
    }

    @AfterAll
    static void stop() {
        inbox.close();
    }

    @Test
    void each_line_is_an_api_request_and_bad_lines_are_listed_by_line_number() {
        String tagged = ConsentApi.uniquePhone("721");
        String keyed = ConsentApi.uniquePhone("721");
        String jsonl = "{\"to\":\"" + tagged + "\",\"body\":\"json one\",\"tags\":{\"batch\":\"b7\"}}\n"
                + "\n"
                + "{\"to\":\"" + keyed + "\",\"body\":\"with key\",\"idempotencyKey\":\"jsonl-key-1\"}\r\n"
                + "not json\n"
                + "{\"to\":\"" + tagged + "\",\"body\":\"x\",\"colour\":\"red\"}\n";
        inbox.drop("requests.jsonl", jsonl);

        JsonNode result = inbox.awaitImport("requests.jsonl");

        assertThat(result.get("status").asText()).isEqualTo("done");
        assertThat(result.get("format").asText()).isEqualTo("jsonl");
        assertThat(result.get("totalRows").asLong()).isEqualTo(4);
        assertThat(result.get("accepted").asLong()).isEqualTo(2);
        assertThat(result.get("rejected").asLong()).isEqualTo(2);
        List<List<String>> errors = Inbox.csv(inbox.failed("requests.jsonl.errors.csv"));
        assertThat(errors).extracting(r -> r.get(0) + ":" + r.get(1))
                .containsExactly("row:error_code", "4:invalid_json", "5:unknown_field");
        assertThat(errors.get(2).get(3)).isEqualTo("{\"to\":\"" + tagged + "\",\"body\":\"x\",\"colour\":\"red\"}");
        await().atMost(Duration.ofSeconds(15)).until(() -> inbox.sentTo(tagged).size() == 1 && inbox.sentTo(keyed).size() == 1);
        HttpResponse<String> replay = inbox.switchboard().post("/api/v1/messages",
                "{\"to\":\"" + keyed + "\",\"body\":\"with key\",\"priority\":\"bulk\"}", // the inbox's default
                Map.of("Idempotency-Key", "jsonl-key-1"));
        assertThat(replay.statusCode()).isEqualTo(202);
        assertThat(replay.headers().firstValue("Idempotent-Replayed")).contains("true");
    }

    @Test
    void the_imports_api_lists_files_newest_first_and_needs_an_api_key() {
        inbox.drop("first.jsonl", "{\"to\":\"" + ConsentApi.uniquePhone("722") + "\",\"body\":\"1\"}\n");
        inbox.awaitImport("first.jsonl");
        inbox.drop("second.jsonl", "{\"to\":\"" + ConsentApi.uniquePhone("722") + "\",\"body\":\"2\"}\n");
        inbox.awaitImport("second.jsonl");

        JsonNode page = Json.parse(inbox.switchboard().get("/api/v1/imports?limit=1").body());
        JsonNode one = Json.parse(inbox.switchboard().get("/api/v1/imports/first.jsonl").body());
        HttpResponse<String> unknown = inbox.switchboard().get("/api/v1/imports/nothing.csv");
        HttpResponse<String> anonymous = inbox.switchboard().send(HttpRequest.newBuilder(
                URI.create(inbox.switchboard().url("/api/v1/imports"))).GET().build());

        assertThat(page.get("items")).hasSize(1);
        assertThat(page.get("items").get(0).get("name").asText()).isEqualTo("second.jsonl");
        JsonNode next = Json.parse(inbox.switchboard().get("/api/v1/imports?limit=1&cursor=" + page.get("next").asText()).body());
        assertThat(next.get("items").get(0).get("name").asText()).isEqualTo("first.jsonl");
        assertThat(one.get("status").asText()).isEqualTo("done");
        assertThat(one.get("rows").asLong()).isEqualTo(1);
        assertThat(one.get("accepted").asLong()).isEqualTo(1);
        assertThat(one.get("startedAt").asText()).isNotEmpty();
        assertThat(one.get("finishedAt").asText()).isNotEmpty();
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }
}
