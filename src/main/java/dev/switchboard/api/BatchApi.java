package dev.switchboard.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.domain.InvalidRequestException;
import dev.switchboard.domain.MessageRequest;
import dev.switchboard.domain.RequestJson;
import dev.switchboard.security.RateLimiter;
import dev.switchboard.submit.SubmitOutcome;
import dev.switchboard.submit.SubmitResult;
import dev.switchboard.submit.SubmitService;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/v1/messages/batch}: up to {@value #MAX_ITEMS} API requests in one call. Each item is validated like
 * a single request; the valid ones are committed together (one transaction, COPY on PostgreSQL) and only then is the
 * call answered, 200 with one result per item in request order: the single door's 202 body, or
 * {@code {"error":{"code","message","field"}}}. An item's {@code idempotencyKey} works as the single door's header.
 * The key's rate is counted in messages ({@code SWITCHBOARD_API_BATCH_RATE}).
 */
public final class BatchApi {

    private static final Logger LOG = LoggerFactory.getLogger(BatchApi.class);

    public static final int MAX_ITEMS = 1000;
    /** Stored as each message's source and used as the metric label. */
    static final String SOURCE = "http-batch";
    private static final String KEY_FIELD = "idempotencyKey";

    private final MessagesApi messages;
    private final RateLimiter messageRates;
    private final SubmitService submit;
    private final int maxBytes;
    private final Clock clock;

    /**
     * @param messageRates messages per second per API key, holding at least one full batch
     * @param maxBytes     the largest body taken (the HTTP server's own ceiling may be lower)
     */
    public BatchApi(MessagesApi messages, RateLimiter messageRates, SubmitService submit, int maxBytes, Clock clock) {
        this.messages = messages;
        this.messageRates = messageRates;
        this.submit = submit;
        this.maxBytes = maxBytes;
        this.clock = clock;
    }

    public void submit(Exchange exchange) {
        String key = messages.authenticate(exchange);
        JsonNode items = items(MessagesApi.readJson(exchange, maxBytes));
        messageRates.acquire(key, items.size()).ifPresent(wait -> {
            throw ApiError.messagesRateLimited(items.size(), wait);
        });
        List<Object> results = new ArrayList<>(items.size());
        List<MessageRequest> requests = new ArrayList<>(items.size());
        List<Integer> positions = new ArrayList<>(items.size());
        for (JsonNode item : items) {
            try {
                requests.add(request(item));
                positions.add(results.size());
                results.add(null);
            } catch (InvalidRequestException e) {
                results.add(error(e.code(), e.field(), e.getMessage()));
            }
        }
        // Nothing is answered before this commits; a database failure fails the whole call (503, nothing stored
        // unless the row-by-row fallback had begun: then the stored items answer as replays when the call is retried).
        List<SubmitOutcome> outcomes = requests.isEmpty() ? List.of() : submit.submitBatch(requests);
        int accepted = 0;
        for (int j = 0; j < outcomes.size(); j++) {
            SubmitOutcome outcome = outcomes.get(j);
            if (outcome.refused()) {
                results.set(positions.get(j), error(outcome.code(), outcome.field(), outcome.message()));
            } else {
                results.set(positions.get(j), answer(outcome.result()));
                accepted++;
            }
        }
        LOG.info("Batch of {} request(s): {} accepted or replayed, {} refused", items.size(), accepted,
                items.size() - accepted);
        HttpReply.json(exchange, 200, Map.of("results", results));
    }

    /** The {@code messages} list of a {@code {"messages":[…]}} body, 1 to {@value #MAX_ITEMS} items. */
    private static JsonNode items(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw InvalidRequestException.badRequest("invalid_json", null,
                    "request body must be a JSON object: {\"messages\":[…]}");
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("messages")) {
                throw InvalidRequestException.badRequest("unknown_field", name,
                        "'" + name + "' is not a field of a batch: send {\"messages\":[…]}");
            }
        }
        JsonNode items = body.get("messages");
        if (items == null || !items.isArray()) {
            throw InvalidRequestException.badRequest("invalid_batch", "messages",
                    "'messages' must be a list of message requests");
        }
        if (items.isEmpty()) {
            throw InvalidRequestException.badRequest("invalid_batch", "messages", "'messages' is empty");
        }
        if (items.size() > MAX_ITEMS) {
            throw new ApiError(413, "too_many_messages", "messages",
                    "'messages' has " + items.size() + " requests; a batch takes at most " + MAX_ITEMS);
        }
        return items;
    }

    /**
     * One item as a request: its {@code idempotencyKey} taken out and checked like the single door's header, the rest
     * validated by the single door's rules. Without a {@code priority} an item is {@code bulk}: a campaign posted here
     * must not hold up one-time codes on the same sender.
     */
    private MessageRequest request(JsonNode item) {
        if (!(item instanceof ObjectNode object)) {
            throw InvalidRequestException.badRequest("invalid_json", null, "each item of 'messages' must be a JSON object");
        }
        JsonNode rawKey = object.remove(KEY_FIELD);
        String key = null;
        if (rawKey != null && !rawKey.isNull()) {
            if (!rawKey.isTextual()) {
                throw InvalidRequestException.badRequest("invalid_idempotency_key", KEY_FIELD,
                        KEY_FIELD + " must be a string");
            }
            key = MessagesApi.idempotencyKey(rawKey.textValue(), KEY_FIELD);
        }
        JsonNode priority = object.get("priority");
        if (priority == null || priority.isNull()) {
            object.put("priority", "bulk");
        }
        return RequestJson.parse(object, key, SOURCE, clock);
    }

    private static Map<String, Object> answer(SubmitResult result) {
        Map<String, Object> json = result.answer();
        if (result.replayed()) {
            json.put("replayed", true);
        }
        return json;
    }

    private static Map<String, Object> error(String code, String field, String message) {
        return HttpReply.errorBody(code, field, message);
    }
}
