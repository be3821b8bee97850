package dev.switchboard.submit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.domain.InvalidRequestException;
import dev.switchboard.domain.MessageRequest;
import dev.switchboard.domain.RequestJson;
import dev.switchboard.security.SafeJson;

import java.time.Clock;

/**
 * For inbound routes whose source already speaks the API's JSON: maps it to the canonical request
 * with the API's own validation, so such an adapter needs a YAML file and no Java.
 */
public final class JsonRequests {

    private static final ObjectMapper JSON = SafeJson.MAPPER;

    private final Clock clock;

    public JsonRequests(Clock clock) {
        this.clock = clock;
    }

    /** {@code idempotencyKey} should come from the input (an event id); {@code source} names the adapter. */
    public MessageRequest toRequest(String json, String idempotencyKey, String source) {
        JsonNode node;
        try {
            node = json == null ? null : JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw InvalidRequestException.badRequest("invalid_json", null, "not valid JSON: " + e.getOriginalMessage());
        }
        return RequestJson.parse(node, idempotencyKey == null || idempotencyKey.isBlank() ? null : idempotencyKey,
                source, clock);
    }
}
