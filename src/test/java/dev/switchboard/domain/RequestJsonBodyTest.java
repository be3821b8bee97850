package dev.switchboard.domain;

import static dev.switchboard.domain.RequestJsonFixture.assertRejected;
import static dev.switchboard.domain.RequestJsonFixture.parse;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestJsonBodyTest {

    private static ObjectNode withBody(String body) {
        return JsonNodeFactory.instance.objectNode().put("to", "+14155550100").put("body", body);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{'to':'+14155550100'}", "{'to':'+14155550100','body':null}"})
    void requires_body(String json) {
        assertRejected(json, 400, "missing_body", "body").hasMessage("'body' is required");
    }

    @Test
    void rejects_non_string_body_as_bad_request() {
        assertRejected("{'to':'+14155550100','body':['hi']}", 400, "invalid_body", "body");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", " \n\t\r ", "\u00a0", "\u3000"})
    void rejects_blank_body(String body) {
        assertRejected(withBody(body), 422, "empty_body", "body").hasMessage("'body' is empty");
    }

    @Test
    void keeps_the_body_exactly_as_given() {
        assertThat(parse(withBody("  hi there \n")).body()).isEqualTo("  hi there \n");
    }

    @Test
    void accepts_1600_characters() {
        assertThat(parse(withBody("a".repeat(1600))).body()).hasSize(1600);
    }

    @Test
    void counts_an_emoji_as_one_character_toward_the_limit() {
        String body = "👍".repeat(1600);

        assertThat(parse(withBody(body)).body()).isEqualTo(body);
    }

    @Test
    void rejects_more_than_1600_characters() {
        assertRejected(withBody("a".repeat(1601)), 422, "body_too_long", "body")
                .hasMessage("'body' has 1601 characters; the limit is 1600");
    }
}
