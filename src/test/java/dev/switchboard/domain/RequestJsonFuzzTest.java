package dev.switchboard.domain;

import dev.switchboard.submit.JsonRequests;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The request parser (JSON text to {@link MessageRequest}, as the API, JMS and JSONL use it) on generated input:
 * it returns a request or throws {@link InvalidRequestException}, nothing else (how fast is bench/'s to say).
 */
class RequestJsonFuzzTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2030-01-01T09:00:00Z"), ZoneOffset.UTC);
    private static final JsonRequests PARSER = new JsonRequests(CLOCK);
    private static final List<String> FIELDS = List.of("channel", "to", "from", "body", "sendAt", "tags", "priority",
            "fallback", "contentSid", "contentVariables", "mediaUrl", "x", "");

    @Property(tries = 400)
    void any_text_is_a_request_or_our_validation_error(@ForAll("jsonish") String text) {
        assertOnlyValidationErrors(text);
    }

    @Property(tries = 400)
    void any_object_of_our_fields_is_a_request_or_our_validation_error(@ForAll("requests") String json) {
        assertOnlyValidationErrors(json);
    }

    private static void assertOnlyValidationErrors(String text) {
        try {
            assertThat(PARSER.toRequest(text, "k", "fuzz")).isNotNull();
        } catch (InvalidRequestException expected) {
            assertThat(expected.code()).matches("[a-z_]+");
        }
    }

    @Provide
    Arbitrary<String> jsonish() {
        Arbitrary<String> tokens = Arbitraries.of("{", "}", "[", "]", ":", ",", "\"", "\\", "\"to\"", "\"body\"", "null",
                "true", "1e999999", "-0", "\"+14155550100\"", "\"\\u0000\"", "\"\\ud800\"", " ", "\n", "{\"tags\":");
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(200),
                tokens.list().ofMaxSize(60).map(l -> String.join("", l)),
                Arbitraries.integers().between(1, 5000).map(n -> "[".repeat(n)),
                Arbitraries.integers().between(1, 2000).map(n -> "{\"a\":".repeat(n) + "1" + "}".repeat(n)));
    }

    @Provide
    Arbitrary<String> requests() {
        Arbitrary<String> values = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(40).map(s -> '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"'),
                Arbitraries.of("\"+14155550100\"", "\"whatsapp\"", "\"voice\"", "\"sms\"", "\"2030-01-01T10:00:00Z\"",
                        "\"bulk\"", "\"HX" + "a".repeat(32) + "\"", "null", "1", "[]", "{}", "[\"https://x.test/a.png\"]",
                        "{\"k\":\"v\"}", "{\"k\":1}", "\"" + "x".repeat(2000) + "\""),
                Arbitraries.integers().map(String::valueOf));
        Arbitrary<Map<String, String>> objects = Arbitraries.maps(Arbitraries.of(FIELDS), values).ofMaxSize(8);
        return Combinators.combine(objects, Arbitraries.of("", "}")).as((m, tail) -> "{" + m.entrySet().stream()
                .map(e -> "\"" + e.getKey() + "\":" + e.getValue()).collect(Collectors.joining(",")) + "}");
    }
}
