package dev.switchboard.api;

import dev.switchboard.security.ApiKeys;
import dev.switchboard.security.FailedKeyGuard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.domain.Channel;
import dev.switchboard.domain.E164;
import dev.switchboard.domain.InvalidRequestException;
import dev.switchboard.domain.MessageRequest;
import dev.switchboard.domain.MessageStatus;
import dev.switchboard.domain.RequestJson;
import dev.switchboard.security.RateLimiter;
import dev.switchboard.security.SafeJson;
import dev.switchboard.store.CallStore;
import dev.switchboard.store.MessageCancel;
import dev.switchboard.store.MessageStore;
import dev.switchboard.store.StoredMessage;
import dev.switchboard.submit.SubmitResult;
import org.apache.camel.Exchange;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Handlers of {@code /api/v1/messages}: authenticate, map JSON to the canonical request, and render answers. */
public final class MessagesApi {

    static final int MAX_BODY_BYTES = 64 * 1024;
    private static final int MAX_KEY_LENGTH = 255;
    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 200;

    private final ApiKeys keys;
    private final FailedKeyGuard failedKeys;
    /** Set by camel-platform-http-vertx (VertxPlatformHttpConstants.REMOTE_ADDRESS). */
    private static final String REMOTE_ADDRESS = "CamelVertxPlatformHttpRemoteAddress";
    private final RateLimiter rates;
    private final MessageStore store;
    private final CallStore calls;
    private final Clock clock;

    public MessagesApi(ApiKeys keys, FailedKeyGuard failedKeys, RateLimiter rates, MessageStore store, CallStore calls,
                       Clock clock) {
        this.keys = keys;
        this.failedKeys = failedKeys;
        this.rates = rates;
        this.store = store;
        this.calls = calls;
        this.clock = clock;
    }

    /**
     * A valid API key, within its rate: otherwise 401, or 429 with Retry-After (over the key's rate, or from an address
     * that sent too many wrong keys).
     */
    public void authorize(Exchange exchange) {
        String key = authenticate(exchange);
        rates.acquire(key).ifPresent(wait -> {
            throw ApiError.rateLimited(wait);
        });
    }

    /**
     * A valid API key, otherwise 401 (or 429 for an address that sent too many wrong keys): the key's digest, for a
     * door that counts its rate its own way (the batch door counts messages).
     */
    String authenticate(Exchange exchange) {
        String client = clientAddress(exchange);
        failedKeys.blocked(client).ifPresent(wait -> {
            throw ApiError.tooManyFailedKeys(wait);
        });
        String key = keys.keyOf(exchange.getMessage().getHeader("Authorization", String.class));
        if (key == null) {
            failedKeys.failed(client);
            throw new ApiError(401, "unauthorized", null, "a valid API key is required: Authorization: Bearer <key>");
        }
        return key;
    }

    /** The address the request came from (the socket's: a reverse proxy's own), without its port. */
    static String clientAddress(Exchange exchange) {
        Object remote = exchange.getMessage().getHeader(REMOTE_ADDRESS);
        String address = remote == null ? "unknown" : remote.toString();
        int port = address.lastIndexOf(':');
        return port > 0 ? address.substring(0, port) : address;
    }

    /** Turns the HTTP request into the canonical request the front door takes. */
    public MessageRequest toRequest(Exchange exchange) {
        var in = exchange.getMessage();
        JsonNode json = readJson(exchange);
        return RequestJson.parse(json, idempotencyKey(in.getHeader("Idempotency-Key", String.class), "Idempotency-Key"),
                "http", clock);
    }

    /** The request body as JSON: application/json only, at most 64 KiB, well-formed. */
    public static JsonNode readJson(Exchange exchange) {
        return readJson(exchange, MAX_BODY_BYTES);
    }

    /** The request body as JSON: application/json only, at most {@code maxBytes}, well-formed. */
    static JsonNode readJson(Exchange exchange, int maxBytes) {
        var in = exchange.getMessage();
        String contentType = in.getHeader(Exchange.CONTENT_TYPE, String.class);
        if (contentType == null || !contentType.toLowerCase().startsWith("application/json")) {
            throw new ApiError(415, "unsupported_media_type", null, "send the request as Content-Type: application/json");
        }
        byte[] body = in.getBody(byte[].class);
        if (body != null && body.length > maxBytes) {
            throw new ApiError(413, "payload_too_large", null,
                    "request body is " + body.length + " bytes; the limit is " + maxBytes);
        }
        if (body == null || body.length == 0) {
            throw InvalidRequestException.badRequest("invalid_json", null, "request body is empty: send a JSON object");
        }
        try {
            return SafeJson.read(body);
        } catch (JsonProcessingException e) {
            throw InvalidRequestException.badRequest("invalid_json", null,
                    "request body is not valid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw InvalidRequestException.badRequest("invalid_json", null, "request body could not be read");
        }
    }

    /** A valid idempotency key or null (none given); {@code field} names where it came from, for the error. */
    static String idempotencyKey(String key, String field) {
        if (key == null || key.isBlank()) {
            return null;
        }
        if (key.length() > MAX_KEY_LENGTH || !key.chars().allMatch(ch -> ch >= 0x21 && ch <= 0x7e)) {
            throw InvalidRequestException.badRequest("invalid_idempotency_key", field,
                    field + " must be 1-" + MAX_KEY_LENGTH + " printable ASCII characters without spaces");
        }
        return key;
    }

    public void accepted(Exchange exchange) {
        SubmitResult result = exchange.getMessage().getBody(SubmitResult.class);
        Map<String, Object> json = result.answer();
        HttpReply.json(exchange, 202, json);
        if (result.replayed()) {
            exchange.getMessage().setHeader("Idempotent-Replayed", "true");
        }
    }

    public void getOne(Exchange exchange) {
        String id = exchange.getMessage().getHeader("id", String.class);
        StoredMessage m = store.find(id).orElseThrow(() -> new ApiError(404, "not_found", "id", "no message with id '" + id + "'"));
        Map<String, Object> json = MessageJson.withEvents(m, store.events(m.id()));
        if (Channel.of(m.channel()).isCall()) {
            json.put("recordings", calls.recordingsOfMessage(m.id()).stream().map(CallStore::json).toList());
        }
        HttpReply.json(exchange, 200, json);
    }

    /** {@code DELETE /api/v1/messages/{id}}: 200 with the canceled message; 409 once it may have reached Twilio. */
    public void cancel(Exchange exchange) {
        String id = exchange.getMessage().getHeader("id", String.class);
        MessageCancel.Result result = store.cancel(id);
        switch (result.outcome()) {
            case NOT_FOUND -> throw new ApiError(404, "not_found", "id", "no message with id '" + id + "'");
            case TOO_LATE -> throw new ApiError(409, "not_cancelable", "id", "message '" + id + "' is "
                    + result.message().status() + ": only an accepted or scheduled message that has not gone to Twilio"
                    + " can be canceled");
            case IN_FLIGHT -> throw new ApiError(409, "being_sent", "id", "message '" + id + "' is being handed to"
                    + " Twilio right now and can no longer be canceled");
            case OUTCOME_UNKNOWN -> throw new ApiError(409, "outcome_unknown", "id", "an earlier attempt to send message '"
                    + id + "' may have reached Twilio; Switchboard is finding out from Twilio and it can no longer be"
                    + " canceled");
            case CANCELED, ALREADY_CANCELED -> HttpReply.json(exchange, 200, MessageJson.summary(result.message()));
        }
    }

    public void list(Exchange exchange) {
        var in = exchange.getMessage();
        String to = in.getHeader("to", String.class);
        String status = in.getHeader("status", String.class);
        String channel = in.getHeader("channel", String.class);
        String cursor = in.getHeader("cursor", String.class);
        int limit = limit(in.getHeader("limit", String.class), DEFAULT_LIMIT, MAX_LIMIT);
        if (status != null && MessageStatus.fromWire(status).isEmpty()) {
            throw InvalidRequestException.badRequest("invalid_status", "status", "unknown status '" + status + "'");
        }
        if (channel != null) {
            Channel.parse(channel);
        }
        if (cursor != null && !cursor.matches("msg_[0-9A-Z]{26}")) {
            throw InvalidRequestException.badRequest("invalid_cursor", "cursor", "'cursor' is not one this API returned");
        }
        MessageStore.Query query = new MessageStore.Query(to == null ? null : E164.parse(to, "to").value(),
                status == null ? null : status.toLowerCase(), channel, cursor, limit + 1);
        List<StoredMessage> rows = store.list(query);
        boolean more = rows.size() > limit;
        List<StoredMessage> page = more ? rows.subList(0, limit) : rows;
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("items", page.stream().map(MessageJson::summary).toList());
        json.put("next", more ? page.get(page.size() - 1).id() : null);
        HttpReply.json(exchange, 200, json);
    }

    static int limit(String raw, int fallback, int max) {
        if (raw == null) {
            return fallback;
        }
        try {
            int limit = Integer.parseInt(raw);
            if (limit >= 1 && limit <= max) {
                return limit;
            }
        } catch (NumberFormatException ignored) {
            // falls through to the error below
        }
        throw InvalidRequestException.badRequest("invalid_limit", "limit", "'limit' must be a number from 1 to " + max);
    }
}
