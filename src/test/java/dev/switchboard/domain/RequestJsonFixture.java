package dev.switchboard.domain;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.assertj.core.api.AbstractThrowableAssert;

/** Shared parsing and assertion helpers for the RequestJson tests, with the clock fixed at {@link #NOW}. */
final class RequestJsonFixture {

    static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RequestJsonFixture() {
    }

    /** Reads JSON written with single quotes for readability. */
    static JsonNode json(String singleQuoted) {
        try {
            return MAPPER.readTree(singleQuoted.replace('\'', '"'));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static MessageRequest parse(String singleQuoted) {
        return parse(json(singleQuoted));
    }

    static MessageRequest parse(JsonNode node) {
        return RequestJson.parse(node, "key-1", "http", CLOCK);
    }

    /** Asserts the request is refused with this status, code and field; returns the assertion for message checks. */
    static AbstractThrowableAssert<?, ? extends Throwable> assertRejected(JsonNode node, int status, String code,
                                                                          String field) {
        return assertThatThrownBy(() -> parse(node))
                .isInstanceOf(InvalidRequestException.class)
                .hasFieldOrPropertyWithValue("httpStatus", status)
                .hasFieldOrPropertyWithValue("code", code)
                .hasFieldOrPropertyWithValue("field", field);
    }

    static AbstractThrowableAssert<?, ? extends Throwable> assertRejected(String singleQuoted, int status,
                                                                          String code, String field) {
        return assertRejected(json(singleQuoted), status, code, field);
    }
}
