package dev.switchboard.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.Backend;
import dev.switchboard.testing.Json;
import dev.switchboard.testing.RunningSwitchboard;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The REST API's answers on real PostgreSQL: auth, validation, idempotency, reading and listing. */
class MessagesApiIT {

    private static RunningSwitchboard sb;

    @BeforeAll
    static void start() {
        // Rate 0 would stop sending; a far-future poll keeps rows in the outbox so counts are exact.
        sb = RunningSwitchboard.start(Backend.POSTGRES.freshDatabase("messages_api"));
    }

    @AfterAll
    static void stop() {
        sb.close();
    }

    @Test
    void missing_or_wrong_api_key_is_401() {
        HttpResponse<String> none = sb.send(HttpRequest.newBuilder(URI.create(sb.url("/api/v1/messages")))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"to\":\"+14155550100\",\"body\":\"x\"}")).build());
        HttpResponse<String> wrong = sb.post("/api/v1/messages", "{\"to\":\"+14155550100\",\"body\":\"x\"}",
                Map.of("Authorization", "Bearer nope"));

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(Json.parse(wrong.body()).get("error").get("code").asText()).isEqualTo("unauthorized");
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource(delimiter = '|', value = {
            "{not json                                              | 400 | invalid_json  | ",
            "[1,2]                                                  | 400 | invalid_json  | ",
            "{\"to\":\"+14155550100\",\"body\":\"x\",\"colour\":1}  | 400 | unknown_field | colour",
            "{\"body\":\"x\"}                                        | 400 | missing_to    | to",
            "{\"to\":\"+1415\",\"body\":\"x\"}                        | 422 | invalid_to    | to",
            "{\"to\":\"14155550100\",\"body\":\"x\"}                  | 422 | invalid_to    | to",
            "{\"to\":\"+14155550100\"}                               | 400 | missing_body  | body",
            "{\"to\":\"+14155550100\",\"body\":\"  \"}                | 422 | empty_body    | body",
            "{\"channel\":\"fax\",\"to\":\"+14155550100\",\"body\":\"x\"} | 422 | invalid_channel | channel",
            "{\"to\":\"+14155550100\",\"body\":\"x\",\"sendAt\":\"tomorrow\"} | 400 | invalid_send_at | sendAt",
            "{\"to\":\"+14155550100\",\"body\":\"x\",\"sendAt\":\"2020-01-01T00:00:00Z\"} | 422 | send_at_in_past | sendAt",
            "{\"to\":\"+14155550100\",\"body\":\"x\",\"sendAt\":\"2099-01-01T00:00:00Z\"} | 422 | send_at_too_far | sendAt",
    })
    void bad_input_gets_a_specific_error_and_nothing_is_stored(String json, int status, String code, String field) {
        int before = count();

        HttpResponse<String> r = sb.postMessage(json);

        assertThat(r.statusCode()).isEqualTo(status);
        JsonNode error = Json.parse(r.body()).get("error");
        assertThat(error.get("code").asText()).isEqualTo(code);
        assertThat(error.get("message").asText()).isNotBlank();
        if (field != null) {
            assertThat(error.get("field").asText()).isEqualTo(field);
        }
        assertThat(count()).isEqualTo(before);
    }

    @Test
    void body_over_1600_characters_is_422() {
        HttpResponse<String> r = sb.postMessage("{\"to\":\"+14155550100\",\"body\":\"" + "a".repeat(1601) + "\"}");

        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(Json.parse(r.body()).get("error").get("code").asText()).isEqualTo("body_too_long");
    }

    @Test
    void request_over_64_kib_is_413_with_a_json_error() {
        HttpResponse<String> r = sb.postMessage("{\"to\":\"+14155550100\",\"body\":\"x\",\"pad\":\""
                + "p".repeat(70 * 1024) + "\"}");

        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(Json.parse(r.body()).get("error").get("code").asText()).isEqualTo("payload_too_large");
    }

    @Test
    void non_json_content_type_is_415() {
        HttpResponse<String> r = sb.post("/api/v1/messages", "to=+14155550100", Map.of("Content-Type", "text/plain"));

        assertThat(r.statusCode()).isEqualTo(415);
    }

    @Test
    void same_idempotency_key_and_payload_returns_the_original_answer_and_stores_one_message() {
        String json = "{\"to\":\"+14155550100\",\"body\":\"once only\"}";
        int before = count();

        HttpResponse<String> first = sb.post("/api/v1/messages", json, Map.of("Idempotency-Key", "order-42"));
        // Same request, written differently: key order and number formatting do not matter.
        HttpResponse<String> again = sb.post("/api/v1/messages",
                "{\"body\":\"once only\",\"to\":\"+1 415 555 0100\"}", Map.of("Idempotency-Key", "order-42"));

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(again.statusCode()).isEqualTo(202);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(count()).isEqualTo(before + 1);
    }

    @Test
    void same_idempotency_key_with_another_payload_is_409() {
        sb.post("/api/v1/messages", "{\"to\":\"+14155550100\",\"body\":\"first\"}", Map.of("Idempotency-Key", "k-409"));
        int before = count();

        HttpResponse<String> r = sb.post("/api/v1/messages", "{\"to\":\"+14155550100\",\"body\":\"second\"}",
                Map.of("Idempotency-Key", "k-409"));

        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(Json.parse(r.body()).get("error").get("code").asText()).isEqualTo("idempotency_key_reused");
        assertThat(count()).isEqualTo(before);
    }

    @Test
    void unknown_message_is_404() {
        HttpResponse<String> r = sb.get("/api/v1/messages/msg_00000000000000000000000000");

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(Json.parse(r.body()).get("error").get("code").asText()).isEqualTo("not_found");
    }

    @Test
    void list_is_newest_first_filtered_and_paged_by_cursor() {
        for (int i = 0; i < 5; i++) {
            assertThat(sb.postMessage("{\"to\":\"+14155550177\",\"body\":\"page " + i + "\"}").statusCode()).isEqualTo(202);
        }
        Set<String> seen = new HashSet<>();
        String cursor = null;
        String previous = null;
        int pages = 0;
        do {
            JsonNode page = Json.parse(sb.get("/api/v1/messages?to=%2B14155550177&limit=2"
                    + (cursor == null ? "" : "&cursor=" + cursor)).body());
            for (JsonNode item : page.get("items")) {
                assertThat(item.get("to").asText()).isEqualTo("+14155550177");
                assertThat(seen.add(item.get("id").asText())).isTrue();
                if (previous != null) {
                    assertThat(item.get("id").asText()).isLessThan(previous);
                }
                previous = item.get("id").asText();
            }
            cursor = page.get("next").isNull() ? null : page.get("next").asText();
            pages++;
        } while (cursor != null);

        assertThat(seen).hasSize(5);
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void responses_carry_no_camel_headers() {
        HttpResponse<String> r = sb.postMessage("{\"to\":\"+14155550100\",\"body\":\"headers\"}");

        assertThat(r.headers().map().keySet()).noneMatch(h -> h.toLowerCase().startsWith("camel"));
    }

    private static int count() {
        int total = 0;
        String cursor = null;
        do {
            JsonNode page = Json.parse(sb.get("/api/v1/messages?limit=200" + (cursor == null ? "" : "&cursor=" + cursor)).body());
            total += page.get("items").size();
            cursor = page.get("next").isNull() ? null : page.get("next").asText();
        } while (cursor != null);
        return total;
    }
}
