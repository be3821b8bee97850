package dev.switchboard.submit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.domain.InvalidRequestException;
import dev.switchboard.domain.MessageRequest;
import dev.switchboard.domain.RequestJson;
import dev.switchboard.security.SafeJson;

import org.apache.camel.Exchange;

import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * For inbound routes whose source already speaks the API's JSON: maps it to the canonical request
 * with the API's own validation, so such an adapter needs a YAML file and no Java.
 */
public final class JsonRequests {

    private static final ObjectMapper JSON = SafeJson.MAPPER;

    /** Header naming the source, for metrics and each message's history ({@code direct:submit-json}; cut to 16 characters). */
    public static final String SOURCE_HEADER = "SwitchboardSource";
    /** Header carrying the request's idempotency key, as the API's HTTP header does. */
    public static final String KEY_HEADER = "Idempotency-Key";

    /** The message table's source column holds 16 characters. */
    private static final int MAX_SOURCE = 16;

    private final Clock clock;

    public JsonRequests(Clock clock) {
        this.clock = clock;
    }

    /**
     * {@code direct:submit-json}: the body is the API's JSON as text, bytes, a Jackson node or a Map. The source
     * defaults to the calling route's id.
     */
    public MessageRequest fromExchange(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        JsonNode node;
        if (body == null || body instanceof JsonNode) {
            node = (JsonNode) body;
        } else if (body instanceof Map<?, ?> || body instanceof List<?>) {
            node = JSON.valueToTree(body);
        } else {
            node = readTree(exchange.getMessage().getBody(String.class));
        }
        String key = exchange.getMessage().getHeader(KEY_HEADER, String.class);
        String source = exchange.getMessage().getHeader(SOURCE_HEADER, String.class);
        if (source == null || source.isBlank()) {
            source = exchange.getFromRouteId();
        }
        return RequestJson.parse(node, key == null || key.isBlank() ? null : key, sourceName(source), clock);
    }

    /** The API's 202 body as JSON text, for a source that answers (a NATS reply, an HTTP response). */
    public String answer(SubmitResult result) {
        try {
            return JSON.writeValueAsString(result.answer());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("answers are maps of plain values", e);
        }
    }

    /** {@code idempotencyKey} should come from the input (an event id); {@code source} names the adapter. */
    public MessageRequest toRequest(String json, String idempotencyKey, String source) {
        return RequestJson.parse(readTree(json), idempotencyKey == null || idempotencyKey.isBlank() ? null : idempotencyKey,
                source, clock);
    }

    /** A source as stored and used as a metric label: lower case letters, digits, '.', '-', '_', at most 16. */
    static String sourceName(String raw) {
        String name = raw == null ? "" : raw.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9._-]", "-");
        name = name.length() > MAX_SOURCE ? name.substring(0, MAX_SOURCE) : name;
        return name.isEmpty() ? "route" : name;
    }

    private static JsonNode readTree(String json) {
        try {
            return json == null ? null : JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw InvalidRequestException.badRequest("invalid_json", null, "not valid JSON: " + e.getOriginalMessage());
        }
    }
}
