package dev.switchboard.security;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;

/**
 * The one JSON reader for input from outside (API, JMS, inbox, webhooks), with limits far below Jackson's defaults:
 * a request is a flat object, so deep nesting, huge names, numbers or strings are refused while parsing, before
 * anything is allocated for them. Duplicate field names and trailing content are refused too.
 */
public final class SafeJson {

    /** Objects and arrays nested deeper than this are refused ({@code {"tags":{…}}} is depth 2). */
    public static final int MAX_DEPTH = 16;
    /** Longest field name. */
    public static final int MAX_NAME_LENGTH = 256;
    /** Longest string value (the body limit is far lower; this bounds the parser's own buffer). */
    public static final int MAX_STRING_LENGTH = 64 * 1024;
    /** Longest number literal. */
    public static final int MAX_NUMBER_LENGTH = 64;

    public static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH)
                    .maxNameLength(MAX_NAME_LENGTH)
                    .maxStringLength(MAX_STRING_LENGTH)
                    .maxNumberLength(MAX_NUMBER_LENGTH)
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build())
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private SafeJson() {
    }

    /** Parses within the limits; a {@link com.fasterxml.jackson.core.JsonProcessingException} says what was wrong. */
    public static JsonNode read(byte[] json) throws IOException {
        return MAPPER.readTree(json);
    }

    public static JsonNode read(String json) throws IOException {
        return MAPPER.readTree(json);
    }

    /** The parsed tree, or {@code null} when it is not JSON within the limits. */
    public static JsonNode readOrNull(byte[] json) {
        if (json == null || json.length == 0) {
            return null;
        }
        try {
            return read(json);
        } catch (IOException e) {
            return null;
        }
    }
}
