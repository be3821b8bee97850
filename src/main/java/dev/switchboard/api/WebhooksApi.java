package dev.switchboard.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.domain.InvalidRequestException;
import dev.switchboard.store.MessageStore;
import dev.switchboard.store.WebhookHistory;
import dev.switchboard.store.WebhookEndpoint;
import dev.switchboard.store.WebhookEndpoints;
import dev.switchboard.webhook.UrlPolicy;
import dev.switchboard.webhook.WebhookReplay;
import dev.switchboard.webhook.WebhookSigner;
import dev.switchboard.webhook.WebhookUrlException;
import org.apache.camel.Exchange;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Handlers of {@code /api/v1/webhooks} and {@code /api/v1/messages/{id}/webhooks} (docs/webhooks.md). */
public final class WebhooksApi {

    private static final Pattern EVENT_TYPE = Pattern.compile("\\*|message\\.(\\*|[a-z_-]{1,30})");
    private static final Set<String> FIELDS = Set.of("url", "eventTypes", "description");
    private static final Duration DEFAULT_OVERLAP = Duration.ofHours(24);
    private static final Duration MAX_OVERLAP = Duration.ofDays(7);

    private final WebhookEndpoints endpoints;
    private final WebhookHistory deliveries;
    private final WebhookReplay replay;
    private final UrlPolicy policy;
    private final MessageStore messages;
    private final Clock clock;

    public WebhooksApi(WebhookEndpoints endpoints, WebhookHistory deliveries, WebhookReplay replay, UrlPolicy policy,
                       MessageStore messages, Clock clock) {
        this.messages = messages;
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.replay = replay;
        this.policy = policy;
        this.clock = clock;
    }

    /** {@code POST /api/v1/webhooks}: 201 with the endpoint and its secret, shown this once. */
    public void create(Exchange exchange) {
        JsonNode json = MessagesApi.readJson(exchange);
        if (!json.isObject()) {
            throw InvalidRequestException.badRequest("invalid_json", null, "request body must be a JSON object");
        }
        json.fieldNames().forEachRemaining(name -> {
            if (!FIELDS.contains(name)) {
                throw InvalidRequestException.badRequest("unknown_field", name, "'" + name + "' is not a field of a webhook");
            }
        });
        JsonNode url = json.get("url");
        if (url == null || !url.isTextual()) {
            throw InvalidRequestException.badRequest("missing_url", "url", "'url' is required: the https URL to call");
        }
        List<String> types = eventTypes(json.get("eventTypes"));
        try {
            policy.check(url.textValue());
        } catch (WebhookUrlException e) {
            throw InvalidRequestException.unprocessable(e.code(), "url", e.getMessage());
        }
        JsonNode description = json.get("description");
        if (description != null && !description.isNull() && (!description.isTextual() || description.textValue().length() > 500)) {
            throw InvalidRequestException.badRequest("invalid_description", "description",
                    "'description' must be a string of at most 500 characters");
        }
        String secret = WebhookSigner.generate();
        WebhookEndpoint created = endpoints.create(url.textValue().trim(),
                description == null || description.isNull() ? null : description.textValue(), types, secret);
        Map<String, Object> body = json(created, 0);
        body.put("secret", secret);
        HttpReply.json(exchange, 201, body);
    }

    private static List<String> eventTypes(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isArray() || value.isEmpty() || value.size() > 50) {
            throw InvalidRequestException.badRequest("invalid_event_types", "eventTypes",
                    "'eventTypes' must be a list of 1 to 50 event types, such as [\"message.delivered\", \"message.inbound\"]");
        }
        List<String> types = new ArrayList<>();
        for (JsonNode t : value) {
            if (!t.isTextual() || !EVENT_TYPE.matcher(t.textValue()).matches()) {
                throw InvalidRequestException.unprocessable("invalid_event_types", "eventTypes", "'" + t.asText()
                        + "' is not an event type: message.<status> (message.delivered, message.failed, …),"
                        + " message.inbound, message.* or *");
            }
            types.add(t.textValue());
        }
        return types;
    }

    /** {@code GET /api/v1/webhooks}: every endpoint, without secrets. */
    public void list(Exchange exchange) {
        Map<String, Long> pending = deliveries.pendingByEndpoint();
        List<Map<String, Object>> items = endpoints.list().stream()
                .map(e -> json(e, pending.getOrDefault(e.id(), 0L))).toList();
        HttpReply.json(exchange, 200, Map.of("items", items));
    }

    /** {@code GET /api/v1/webhooks/{id}}. */
    public void getOne(Exchange exchange) {
        WebhookEndpoint e = endpoint(exchange);
        HttpReply.json(exchange, 200, json(e, deliveries.pendingByEndpoint().getOrDefault(e.id(), 0L)));
    }

    /** {@code DELETE /api/v1/webhooks/{id}}: 204; configuration endpoints are removed from the configuration. */
    public void delete(Exchange exchange) {
        WebhookEndpoint e = endpoint(exchange);
        notConfigured(e, "deleted");
        endpoints.delete(e.id());
        exchange.getMessage().setBody(null);
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 204);
    }

    /** {@code POST /api/v1/webhooks/{id}/rotate?overlapSeconds=}: a new secret; the old one signs too meanwhile. */
    public void rotate(Exchange exchange) {
        WebhookEndpoint e = endpoint(exchange);
        notConfigured(e, "rotated (rotate SWITCHBOARD_WEBHOOK_SECRET: list the new secret first, then the old one)");
        String raw = exchange.getMessage().getHeader("overlapSeconds", String.class);
        Duration overlap = DEFAULT_OVERLAP;
        if (raw != null) {
            try {
                overlap = Duration.ofSeconds(Long.parseLong(raw));
            } catch (NumberFormatException ex) {
                overlap = null;
            }
            if (overlap == null || overlap.isNegative() || overlap.compareTo(MAX_OVERLAP) > 0) {
                throw InvalidRequestException.badRequest("invalid_overlap", "overlapSeconds",
                        "'overlapSeconds' must be a number of seconds from 0 to " + MAX_OVERLAP.toSeconds());
            }
        }
        String secret = WebhookSigner.generate();
        Instant until = clock.instant().plus(overlap);
        endpoints.rotate(e.id(), secret, until);
        Map<String, Object> body = json(endpoints.find(e.id()).orElseThrow(),
                deliveries.pendingByEndpoint().getOrDefault(e.id(), 0L));
        body.put("secret", secret);
        body.put("previousSecretUntil", until.toString());
        HttpReply.json(exchange, 200, body);
    }

    /** {@code POST /api/v1/webhooks/{id}/enable}: enabled again; what waited for it is sent now. */
    public void enable(Exchange exchange) {
        WebhookEndpoint e = endpoint(exchange);
        endpoints.enable(e.id());
        WebhookEndpoint now = endpoints.find(e.id()).orElseThrow();
        HttpReply.json(exchange, 200, json(now, deliveries.pendingByEndpoint().getOrDefault(e.id(), 0L)));
    }

    /** {@code POST /api/v1/webhooks/{id}/replay?since=}: 202 with how many events were queued again. */
    public void replay(Exchange exchange) {
        WebhookEndpoint e = endpoint(exchange);
        String raw = exchange.getMessage().getHeader("since", String.class);
        if (raw == null) {
            throw InvalidRequestException.badRequest("missing_since", "since", "'since' is required: an ISO-8601 time");
        }
        Instant since;
        try {
            since = Instant.parse(raw);
        } catch (DateTimeParseException ex) {
            throw InvalidRequestException.badRequest("invalid_since", "since",
                    "'since' must be an ISO-8601 time such as 2026-12-07T10:00:00Z");
        }
        if (since.isAfter(clock.instant())) {
            throw InvalidRequestException.unprocessable("invalid_since", "since", "'since' is in the future");
        }
        WebhookReplay.Result result = replay.replay(e, since);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("queued", result.queued());
        body.put("truncated", result.truncated());
        HttpReply.json(exchange, 202, body);
    }

    /** {@code GET /api/v1/webhooks/{id}/deliveries?limit=}: newest first, each with its attempts. */
    public void endpointDeliveries(Exchange exchange) {
        WebhookEndpoint e = endpoint(exchange);
        int limit = MessagesApi.limit(exchange.getMessage().getHeader("limit", String.class), 50, 500);
        HttpReply.json(exchange, 200, Map.of("items", deliveries.forEndpoint(e.id(), limit).stream()
                .map(WebhooksApi::json).toList()));
    }

    /** {@code GET /api/v1/messages/{id}/webhooks}: the message's events as delivered to each endpoint. */
    public void messageDeliveries(Exchange exchange) {
        String id = exchange.getMessage().getHeader("id", String.class);
        if (messages.find(id).isEmpty()) {
            throw new ApiError(404, "not_found", "id", "no message with id '" + id + "'");
        }
        HttpReply.json(exchange, 200, Map.of("items", deliveries.forMessage(id).stream().map(WebhooksApi::json).toList()));
    }

    private WebhookEndpoint endpoint(Exchange exchange) {
        String id = exchange.getMessage().getHeader("id", String.class);
        return endpoints.find(id).orElseThrow(() -> new ApiError(404, "not_found", "id", "no webhook with id '" + id + "'"));
    }

    private static void notConfigured(WebhookEndpoint e, String what) {
        if (e.origin().equals(WebhookEndpoint.CONFIG)) {
            throw new ApiError(409, "configured_webhook", "id", "webhook '" + e.id()
                    + "' comes from SWITCHBOARD_WEBHOOK_URLS and cannot be " + what + " through the API");
        }
    }

    static Map<String, Object> json(WebhookEndpoint e, long pending) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", e.id());
        json.put("url", e.url());
        json.put("description", e.description());
        json.put("eventTypes", e.eventTypes());
        json.put("origin", e.origin());
        json.put("enabled", e.enabled());
        json.put("disabledAt", text(e.disabledAt()));
        json.put("disabledReason", e.disabledReason());
        json.put("failures", e.failures());
        json.put("retryAt", text(e.retryAt()));
        json.put("pending", pending);
        json.put("createdAt", text(e.createdAt()));
        return json;
    }

    static Map<String, Object> json(WebhookHistory.Delivery d) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("eventId", d.eventId());
        json.put("endpointId", d.endpointId());
        json.put("type", d.type());
        json.put("messageId", d.messageId());
        json.put("state", d.state());
        json.put("attempts", d.attempts());
        json.put("nextAttemptAt", "pending".equals(d.state()) ? text(d.nextAttemptAt()) : null);
        json.put("lastStatus", d.lastStatus());
        json.put("lastError", d.lastError());
        json.put("deliveredAt", text(d.deliveredAt()));
        json.put("createdAt", text(d.createdAt()));
        json.put("history", d.history().stream().map(a -> {
            Map<String, Object> attempt = new LinkedHashMap<>();
            attempt.put("at", text(a.at()));
            attempt.put("statusCode", a.statusCode());
            attempt.put("durationMs", a.durationMs());
            attempt.put("error", a.error());
            return attempt;
        }).toList());
        return json;
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }
}
