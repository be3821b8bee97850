package dev.switchboard.file;

import dev.switchboard.domain.Priority;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class JsonlRowMappingTest {

    private final JsonlRowMapping mapping =
            new JsonlRowMapping(Clock.fixed(Instant.parse("2030-01-01T09:00:00Z"), ZoneOffset.UTC));

    @Test
    void maps_a_line_as_the_api_maps_a_request_body() {
        Row row = mapping.map(5, "{\"to\":\"+14155550100\",\"body\":\"Hi\",\"tags\":{\"k\":\"v\"}}", "derived");

        assertThat(row.request().to().value()).isEqualTo("+14155550100");
        assertThat(row.request().tags()).isEqualTo(Map.of("k", "v"));
        assertThat(row.request().idempotencyKey()).isEqualTo("derived");
        assertThat(row.request().source()).isEqualTo("file");
    }

    @Test
    void a_line_takes_the_inbox_priority_unless_it_sets_its_own() {
        JsonlRowMapping bulkInbox = new JsonlRowMapping(Clock.systemUTC(), Priority.BULK);

        assertThat(bulkInbox.map(1, "{\"to\":\"+14155550100\",\"body\":\"Hi\"}", "k").request().priority())
                .isEqualTo(Priority.BULK);
        assertThat(bulkInbox.map(2, "{\"to\":\"+14155550100\",\"body\":\"Hi\",\"priority\":\"transactional\"}", "k")
                .request().priority()).isEqualTo(Priority.TRANSACTIONAL);
        assertThat(mapping.map(3, "{\"to\":\"+14155550100\",\"body\":\"Hi\"}", "k").request().priority())
                .as("the API's default").isEqualTo(Priority.TRANSACTIONAL);
    }

    @Test
    void an_idempotency_key_member_stands_for_the_header() {
        Row row = mapping.map(1, "{\"to\":\"+14155550100\",\"body\":\"Hi\",\"idempotencyKey\":\"k-1\"}", "derived");

        assertThat(row.request().idempotencyKey()).isEqualTo("k-1");
    }

    @Test
    void refuses_malformed_json_trailing_garbage_unknown_fields_and_a_non_text_key() {
        assertThat(mapping.map(1, "{\"to\":", "k").code()).isEqualTo("invalid_json");
        assertThat(mapping.map(2, "{\"to\":\"+14155550100\",\"body\":\"Hi\"} extra", "k").code()).isEqualTo("invalid_json");
        assertThat(mapping.map(3, "{\"to\":\"+14155550100\",\"body\":\"Hi\",\"colour\":\"red\"}", "k").code())
                .isEqualTo("unknown_field");
        assertThat(mapping.map(4, "{\"to\":\"+14155550100\",\"body\":\"Hi\",\"idempotencyKey\":7}", "k").code())
                .isEqualTo("invalid_idempotency_key");
        assertThat(mapping.map(5, "[1,2]", "k").code()).isEqualTo("invalid_json");
    }
}
