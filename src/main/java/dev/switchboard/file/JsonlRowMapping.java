package dev.switchboard.file;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.domain.InvalidRequestException;
import dev.switchboard.domain.Priority;
import dev.switchboard.domain.RequestJson;
import dev.switchboard.security.SafeJson;

import java.time.Clock;
import java.util.List;

/**
 * Maps one JSONL line, a request shaped as the API takes it, with {@link RequestJson}; an
 * {@code idempotencyKey} member stands for the API's Idempotency-Key header.
 */
public final class JsonlRowMapping {

    private static final ObjectMapper JSON = SafeJson.MAPPER;

    private final Clock clock;
    private final Priority defaultPriority;

    public JsonlRowMapping(Clock clock) {
        this(clock, Priority.TRANSACTIONAL);
    }

    /** @param defaultPriority a line's priority when it has no {@code priority} member */
    public JsonlRowMapping(Clock clock, Priority defaultPriority) {
        this.clock = clock;
        this.defaultPriority = defaultPriority;
    }

    public Row map(long number, String line, String derivedKey) {
        List<String> cells = List.of(line);
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            return Row.refused(number, "invalid_json", "the line is not valid JSON: " + e.getOriginalMessage(), cells);
        }
        try {
            String key = derivedKey;
            if (node instanceof ObjectNode object && object.has("idempotencyKey")) {
                JsonNode given = object.remove("idempotencyKey");
                if (!given.isNull()) {
                    key = IdempotencyKeys.given(given.isTextual() ? given.textValue() : "");
                }
            }
            if (node instanceof ObjectNode object && !object.has("priority")) {
                object.put("priority", defaultPriority.wireName());
            }
            return Row.ok(number, RequestJson.parse(node, key, "file", clock), cells);
        } catch (InvalidRequestException e) {
            return Row.refused(number, e.code(), e.getMessage(), cells);
        }
    }
}
