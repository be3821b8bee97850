package dev.switchboard.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.Backend;
import dev.switchboard.testing.Json;
import dev.switchboard.testing.RunningSwitchboard;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code POST /api/v1/messages/batch} on real PostgreSQL (COPY) and on H2 (INSERT batches). */
class BatchApiIT {

    private static final String PATH = "/api/v1/messages/batch";
    private static Map<String, String> database;
    private static RunningSwitchboard sb;

    @BeforeAll
    static void start() {
        database = Backend.POSTGRES.freshDatabase("batch_api");
        Map<String, String> settings = new HashMap<>(database);
        // Rows stay in the outbox: statuses and counts are exactly what the batch stored.
        settings.put("switchboard.outbox.poll-ms", "3600000");
        sb = RunningSwitchboard.start(settings);
    }

    @AfterAll
    static void stop() {
        sb.close();
    }

    @Test
    void each_item_is_answered_in_order_and_only_valid_items_are_stored() {
        int before = count();

        HttpResponse<String> r = sb.post(PATH, batch(
                "{\"to\":\"+14155550101\",\"body\":\"one\"}",
                "{\"to\":\"+1415\",\"body\":\"bad number\"}",
                "{\"to\":\"+14155550103\",\"body\":\"three\",\"colour\":\"red\"}",
                "{\"to\":\"+14155550104\",\"body\":\"four\",\"priority\":\"transactional\",\"tags\":{\"k\":\"v\"}}",
                "\"not an object\"",
                "{\"to\":\"+14155550106\"}"), Map.of());

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode results = Json.parse(r.body()).get("results");
        assertThat(results).hasSize(6);
        assertAccepted(results.get(0));
        assertError(results.get(1), "invalid_to", "to");
        assertError(results.get(2), "unknown_field", "colour");
        assertAccepted(results.get(3));
        assertError(results.get(4), "invalid_json", null);
        assertError(results.get(5), "missing_body", "body");
        assertThat(count()).isEqualTo(before + 2);
        JsonNode first = Json.parse(sb.get("/api/v1/messages/" + results.get(0).get("id").asText()).body());
        assertThat(first.get("to").asText()).isEqualTo("+14155550101");
        assertThat(first.get("status").asText()).isEqualTo("accepted");
        assertThat(column(results.get(0).get("id").asText(), "source")).isEqualTo("http-batch");
        // Without a priority an item is bulk; one that names its priority keeps it.
        assertThat(column(results.get(0).get("id").asText(), "priority")).isEqualTo("bulk");
        assertThat(column(results.get(3).get("id").asText(), "priority")).isEqualTo("transactional");
        assertThat(column(results.get(3).get("id").asText(), "tags")).contains("\"k\":\"v\"");
    }

    @Test
    void an_item_key_answers_with_the_stored_message_and_a_reused_key_is_that_items_error() {
        String a = "{\"to\":\"+14155550111\",\"body\":\"a\",\"idempotencyKey\":\"batch-key-a\"}";
        String b = "{\"to\":\"+14155550112\",\"body\":\"b\",\"idempotencyKey\":\"batch-key-b\"}";
        JsonNode first = Json.parse(sb.post(PATH, batch(a, b), Map.of()).body()).get("results");
        int before = count();

        JsonNode again = Json.parse(sb.post(PATH, batch(a, b), Map.of()).body()).get("results");
        JsonNode reused = Json.parse(sb.post(PATH, batch(
                "{\"to\":\"+14155550111\",\"body\":\"another payload\",\"idempotencyKey\":\"batch-key-a\"}",
                "{\"to\":\"+14155550113\",\"body\":\"c\",\"idempotencyKey\":\"batch-key-c\"}"), Map.of()).body())
                .get("results");

        assertThat(again.get(0).get("id").asText()).isEqualTo(first.get(0).get("id").asText());
        assertThat(again.get(1).get("id").asText()).isEqualTo(first.get(1).get("id").asText());
        assertThat(again.get(0).get("replayed").asBoolean()).isTrue();
        assertThat(first.get(0).has("replayed")).isFalse();
        assertError(reused.get(0), "idempotency_key_reused", "idempotencyKey");
        assertAccepted(reused.get(1));
        assertThat(count()).isEqualTo(before + 1);
    }

    @Test
    void one_key_twice_in_a_batch_stores_one_message_and_refuses_the_other_payload() {
        int before = count();

        JsonNode results = Json.parse(sb.post(PATH, batch(
                "{\"to\":\"+14155550121\",\"body\":\"same\",\"idempotencyKey\":\"in-batch\"}",
                "{\"to\":\"+14155550121\",\"body\":\"same\",\"idempotencyKey\":\"in-batch\"}",
                "{\"to\":\"+14155550121\",\"body\":\"different\",\"idempotencyKey\":\"in-batch\"}",
                "{\"to\":\"+14155550121\",\"body\":\"x\",\"idempotencyKey\":7}",
                "{\"to\":\"+14155550121\",\"body\":\"x\",\"idempotencyKey\":\"has space\"}"), Map.of()).body())
                .get("results");

        assertAccepted(results.get(0));
        assertThat(results.get(1).get("id").asText()).isEqualTo(results.get(0).get("id").asText());
        assertError(results.get(2), "idempotency_key_reused", "idempotencyKey");
        assertError(results.get(3), "invalid_idempotency_key", "idempotencyKey");
        assertError(results.get(4), "invalid_idempotency_key", "idempotencyKey");
        assertThat(count()).isEqualTo(before + 1);
    }

    @Test
    void a_full_batch_of_1000_is_committed_and_answered_item_by_item() {
        int before = count();
        String[] items = new String[1000];
        for (int i = 0; i < items.length; i++) {
            items[i] = "{\"to\":\"+1415555" + String.format("%04d", i) + "\",\"body\":\"bulk " + i + "\"}";
        }

        HttpResponse<String> r = sb.post(PATH, batch(items), Map.of());

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode results = Json.parse(r.body()).get("results");
        Set<String> ids = new HashSet<>();
        for (JsonNode result : results) {
            assertAccepted(result);
            ids.add(result.get("id").asText());
        }
        assertThat(ids).hasSize(1000);
        assertThat(count()).isEqualTo(before + 1000);
        // Item i is the message to number i: the answers are in request order.
        assertThat(column(results.get(637).get("id").asText(), "to_number")).isEqualTo("+14155550637");
    }

    @Test
    void a_batch_that_cannot_be_taken_is_refused_whole_with_a_specific_error() {
        int before = count();
        String[] tooMany = new String[1001];
        java.util.Arrays.fill(tooMany, "{\"to\":\"+14155550100\",\"body\":\"x\"}");

        assertWhole(sb.post(PATH, batch(tooMany), Map.of()), 413, "too_many_messages", "messages");
        assertWhole(sb.post(PATH, "{\"messages\":[]}", Map.of()), 400, "invalid_batch", "messages");
        assertWhole(sb.post(PATH, "{\"messages\":{\"to\":\"+14155550100\"}}", Map.of()), 400, "invalid_batch", "messages");
        assertWhole(sb.post(PATH, "{\"messages\":[],\"extra\":1}", Map.of()), 400, "unknown_field", "extra");
        assertWhole(sb.post(PATH, "[{\"to\":\"+14155550100\",\"body\":\"x\"}]", Map.of()), 400, "invalid_json", null);
        assertWhole(sb.post(PATH, "{\"messages\":[", Map.of()), 400, "invalid_json", null);
        assertWhole(sb.send(HttpRequest.newBuilder(URI.create(sb.url(PATH))).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(batch("{\"to\":\"+14155550100\",\"body\":\"x\"}"))).build()),
                401, "unauthorized", null);
        assertThat(count()).isEqualTo(before);
    }

    @Test
    void a_body_over_the_servers_ceiling_is_413_and_nothing_is_stored() {
        int before = count();
        String[] big = new String[700];
        java.util.Arrays.fill(big, "{\"to\":\"+14155550100\",\"body\":\"" + "b".repeat(1550) + "\"}");

        HttpResponse<String> r = sb.post(PATH, batch(big), Map.of());

        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(count()).isEqualTo(before);
    }

    @Test
    void the_keys_rate_is_counted_in_messages() {
        Map<String, String> settings = new HashMap<>(Backend.POSTGRES.freshDatabase("batch_api_rate"));
        settings.put("switchboard.api.batch-rate", "10");
        settings.put("switchboard.outbox.poll-ms", "3600000");
        try (RunningSwitchboard limited = RunningSwitchboard.start(settings)) {
            String[] items = new String[600];
            java.util.Arrays.fill(items, "{\"to\":\"+14155550100\",\"body\":\"rate\"}");

            HttpResponse<String> first = limited.post(PATH, batch(items), Map.of());
            HttpResponse<String> second = limited.post(PATH, batch(items), Map.of());

            // The bucket holds one full batch (1,000): 600 fit, the next 600 wait for 200 more at 10 per second.
            assertThat(first.statusCode()).isEqualTo(200);
            assertWhole(second, 429, "rate_limited", null);
            assertThat(Integer.parseInt(second.headers().firstValue("Retry-After").orElseThrow())).isBetween(15, 21);
            assertThat(Json.parse(limited.get("/api/v1/messages?limit=200").body()).get("items")).hasSize(200);
        }
    }

    @Test
    void on_h2_the_same_batch_is_stored_with_insert_batches() {
        Map<String, String> settings = new HashMap<>(Backend.H2.freshDatabase("batch_api_h2"));
        settings.put("switchboard.outbox.poll-ms", "3600000");
        try (RunningSwitchboard h2 = RunningSwitchboard.start(settings)) {
            String item = "{\"to\":\"+14155550131\",\"body\":\"h2\",\"idempotencyKey\":\"h2-key\"}";

            JsonNode first = Json.parse(h2.post(PATH, batch(item, "{\"to\":\"nope\",\"body\":\"x\"}"), Map.of()).body())
                    .get("results");
            JsonNode again = Json.parse(h2.post(PATH, batch(item), Map.of()).body()).get("results");

            assertAccepted(first.get(0));
            assertError(first.get(1), "invalid_to", "to");
            assertThat(again.get(0).get("id").asText()).isEqualTo(first.get(0).get("id").asText());
            assertThat(Json.parse(h2.get("/api/v1/messages?limit=10").body()).get("items")).hasSize(1);
        }
    }

    private static String batch(String... items) {
        StringJoiner json = new StringJoiner(",", "{\"messages\":[", "]}");
        for (String item : items) {
            json.add(item);
        }
        return json.toString();
    }

    private static void assertAccepted(JsonNode result) {
        assertThat(result.has("error")).as(result.toString()).isFalse();
        assertThat(result.get("id").asText()).matches("msg_[0-9A-Z]{26}");
        assertThat(result.get("status").asText()).isEqualTo("accepted");
        assertThat(result.get("segments").asInt()).isEqualTo(1);
        assertThat(result.get("encoding").asText()).isEqualTo("GSM-7");
    }

    private static void assertError(JsonNode result, String code, String field) {
        JsonNode error = result.get("error");
        assertThat(error).as(result.toString()).isNotNull();
        assertThat(result.has("id")).isFalse();
        assertThat(error.get("code").asText()).isEqualTo(code);
        assertThat(error.get("message").asText()).isNotBlank();
        if (field == null) {
            assertThat(error.get("field").isNull()).isTrue();
        } else {
            assertThat(error.get("field").asText()).isEqualTo(field);
        }
    }

    private static void assertWhole(HttpResponse<String> r, int status, String code, String field) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode error = Json.parse(r.body()).get("error");
        assertThat(error.get("code").asText()).isEqualTo(code);
        if (field != null) {
            assertThat(error.get("field").asText()).isEqualTo(field);
        }
    }

    private static int count() {
        try (Connection c = DriverManager.getConnection(database.get("switchboard.db.url"));
             ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM message")) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String column(String id, String column) {
        try (Connection c = DriverManager.getConnection(database.get("switchboard.db.url"));
             var ps = c.prepareStatement("SELECT " + column + " FROM message WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
