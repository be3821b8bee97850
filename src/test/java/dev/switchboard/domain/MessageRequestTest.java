package dev.switchboard.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MessageRequestTest {

    private static final E164 TO = E164.parse("+14155550100", "to");
    private static final Instant AT = Instant.parse("2026-11-24T15:00:00Z");

    private static MessageRequest base() {
        return new MessageRequest(Channel.SMS, TO, "Acme", "hello", AT, Map.of("a", "1", "b", "2"), "key-1", "http");
    }

    private static MessageRequest with(UnaryOperator<Builder> change) {
        return change.apply(new Builder(base())).build();
    }

    @Test
    void fingerprint_is_lower_case_hex_sha256() {
        assertThat(base().fingerprint()).matches("[0-9a-f]{64}");
    }

    @Test
    void fingerprint_ignores_idempotency_key_and_source() {
        assertThat(with(b -> b.idempotencyKey("other").source("jms")).fingerprint())
                .isEqualTo(base().fingerprint());
    }

    @Test
    void fingerprint_ignores_tag_insertion_order() {
        Map<String, String> reversed = new LinkedHashMap<>();
        reversed.put("b", "2");
        reversed.put("a", "1");

        assertThat(with(b -> b.tags(reversed)).fingerprint()).isEqualTo(base().fingerprint());
    }

    @Test
    void fingerprint_depends_on_the_instant_not_its_offset_spelling() {
        Instant sameMoment = java.time.OffsetDateTime.parse("2026-11-24T16:00:00+01:00").toInstant();

        assertThat(with(b -> b.sendAt(sameMoment)).fingerprint()).isEqualTo(base().fingerprint());
    }

    static Stream<Arguments> changes() {
        return Stream.of(
                Arguments.of("channel", (UnaryOperator<Builder>) b -> b.channel(Channel.WHATSAPP)),
                Arguments.of("to", (UnaryOperator<Builder>) b -> b.to(E164.parse("+14155550101", "to"))),
                Arguments.of("from", (UnaryOperator<Builder>) b -> b.from("Acmf")),
                Arguments.of("from absent", (UnaryOperator<Builder>) b -> b.from(null)),
                Arguments.of("body", (UnaryOperator<Builder>) b -> b.body("hello!")),
                Arguments.of("sendAt", (UnaryOperator<Builder>) b -> b.sendAt(AT.plusSeconds(1))),
                Arguments.of("sendAt absent", (UnaryOperator<Builder>) b -> b.sendAt(null)),
                Arguments.of("tag value", (UnaryOperator<Builder>) b -> b.tags(Map.of("a", "1", "b", "3"))),
                Arguments.of("extra tag", (UnaryOperator<Builder>) b -> b.tags(Map.of("a", "1", "b", "2", "c", ""))),
                Arguments.of("no tags", (UnaryOperator<Builder>) b -> b.tags(Map.of())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("changes")
    void fingerprint_changes_when_a_sent_field_changes(String name, UnaryOperator<Builder> change) {
        assertThat(with(change).fingerprint()).isNotEqualTo(base().fingerprint());
    }

    @Test
    void fingerprint_is_not_fooled_by_shifting_text_between_fields() {
        MessageRequest one = new MessageRequest(Channel.SMS, TO, "ab", "c", null, Map.of(), null, "http");
        MessageRequest two = new MessageRequest(Channel.SMS, TO, "a", "bc", null, Map.of(), null, "http");

        assertThat(one.fingerprint()).isNotEqualTo(two.fingerprint());
    }

    @Test
    void fingerprint_tells_absent_from_empty() {
        MessageRequest absent = new MessageRequest(Channel.SMS, TO, null, "x", null, Map.of(), null, "http");
        MessageRequest empty = new MessageRequest(Channel.SMS, TO, "", "x", null, Map.of(), null, "http");

        assertThat(absent.fingerprint()).isNotEqualTo(empty.fingerprint());
    }

    @Test
    void tags_are_sorted_by_key_and_unmodifiable() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("zeta", "1");
        tags.put("alpha", "2");

        MessageRequest request = with(b -> b.tags(tags));

        assertThat(request.tags().keySet()).containsExactly("alpha", "zeta");
        assertThatThrownBy(() -> request.tags().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void tags_are_copied_so_later_changes_to_the_source_map_do_not_leak_in() {
        Map<String, String> tags = new LinkedHashMap<>(Map.of("a", "1"));
        MessageRequest request = with(b -> b.tags(tags));

        tags.put("b", "2");

        assertThat(request.tags()).containsOnlyKeys("a");
    }

    @Test
    void null_tags_become_an_empty_map() {
        assertThat(with(b -> b.tags(null)).tags()).isEmpty();
    }

    @Test
    void to_string_masks_the_recipient() {
        assertThat(base().toString()).contains("+1415•••0100").doesNotContain("+14155550100");
    }

    /** Changes one field of a request at a time. */
    static final class Builder {
        private Channel channel;
        private E164 to;
        private String from;
        private String body;
        private Instant sendAt;
        private Map<String, String> tags;
        private String idempotencyKey;
        private String source;

        Builder(MessageRequest r) {
            channel = r.channel();
            to = r.to();
            from = r.from();
            body = r.body();
            sendAt = r.sendAt();
            tags = r.tags();
            idempotencyKey = r.idempotencyKey();
            source = r.source();
        }

        Builder channel(Channel v) { channel = v; return this; }
        Builder to(E164 v) { to = v; return this; }
        Builder from(String v) { from = v; return this; }
        Builder body(String v) { body = v; return this; }
        Builder sendAt(Instant v) { sendAt = v; return this; }
        Builder tags(Map<String, String> v) { tags = v; return this; }
        Builder idempotencyKey(String v) { idempotencyKey = v; return this; }
        Builder source(String v) { source = v; return this; }

        MessageRequest build() {
            return new MessageRequest(channel, to, from, body, sendAt, tags, idempotencyKey, source);
        }
    }
}
