package dev.switchboard.domain;

import static dev.switchboard.domain.RequestJsonFixture.assertRejected;
import static dev.switchboard.domain.RequestJsonFixture.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class RequestJsonTagsTest {

    private static ObjectNode request(ObjectNode tags) {
        ObjectNode node = JsonNodeFactory.instance.objectNode().put("to", "+14155550100").put("body", "hi");
        node.set("tags", tags);
        return node;
    }

    private static ObjectNode tags(int count) {
        ObjectNode tags = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < count; i++) {
            tags.put("k" + i, "v");
        }
        return tags;
    }

    @Test
    void keeps_tags_sorted_by_key() {
        MessageRequest request = parse("{'to':'+14155550100','body':'hi','tags':{'order':'42','campaign':'x'}}");

        assertThat(request.tags()).containsExactly(
                entry("campaign", "x"),
                entry("order", "42"));
    }

    @Test
    void null_tags_mean_none() {
        assertThat(parse("{'to':'+14155550100','body':'hi','tags':null}").tags()).isEmpty();
    }

    @Test
    void rejects_tags_that_are_not_an_object() {
        assertRejected("{'to':'+14155550100','body':'hi','tags':['a']}", 400, "invalid_tags", "tags")
                .hasMessage("'tags' must be an object of string values");
    }

    @Test
    void rejects_non_string_tag_values() {
        assertRejected("{'to':'+14155550100','body':'hi','tags':{'order':42}}", 400, "invalid_tags", "tags")
                .hasMessage("tag 'order' must have a string value");
    }

    @Test
    void accepts_20_tags() {
        assertThat(parse(request(tags(20))).tags()).hasSize(20);
    }

    @Test
    void rejects_more_than_20_tags() {
        assertRejected(request(tags(21)), 400, "invalid_tags", "tags")
                .hasMessage("'tags' has 21 entries; the limit is 20");
    }

    @Test
    void accepts_keys_of_64_characters_and_values_of_256() {
        ObjectNode tags = JsonNodeFactory.instance.objectNode().put("k".repeat(64), "v".repeat(256));

        assertThat(parse(request(tags)).tags()).containsEntry("k".repeat(64), "v".repeat(256));
    }

    @Test
    void rejects_an_empty_key() {
        assertRejected(request(JsonNodeFactory.instance.objectNode().put("", "v")), 400, "invalid_tags", "tags")
                .hasMessageContaining("keys must be 1 to 64");
    }

    @Test
    void rejects_a_key_longer_than_64_characters() {
        assertRejected(request(JsonNodeFactory.instance.objectNode().put("k".repeat(65), "v")),
                400, "invalid_tags", "tags")
                .hasMessageContaining("has 65 characters; keys must be 1 to 64");
    }

    @Test
    void rejects_a_value_longer_than_256_characters() {
        assertRejected(request(JsonNodeFactory.instance.objectNode().put("k", "v".repeat(257))),
                400, "invalid_tags", "tags")
                .hasMessage("tag 'k' has a value of 257 characters; the limit is 256");
    }
}
