package dev.switchboard.store;

import java.time.Instant;
import java.util.List;

/**
 * Where webhook events go. {@code eventTypes} null: every event. {@code secret} null: the endpoint signs with
 * {@code SWITCHBOARD_WEBHOOK_SECRET} (those of the configuration and of requests' own {@code statusCallbackUrl}).
 * {@code failures} counts consecutive failed attempts; while it is above zero the next attempt waits for
 * {@code retryAt}.
 */
public record WebhookEndpoint(String id, String url, String description, List<String> eventTypes, String origin,
                              String secret, String previousSecret, Instant previousSecretUntil, boolean enabled,
                              Instant disabledAt, String disabledReason, int failures, Instant retryAt,
                              Instant createdAt) {

    public static final String CONFIG = "config";
    public static final String API = "api";
    public static final String REQUEST = "request";

    /** Whether an event of this type goes to this endpoint (request endpoints: only their own messages' events). */
    public boolean wants(String type) {
        return eventTypes == null || eventTypes.contains(type) || eventTypes.contains("*")
                || (type.startsWith("message.") && eventTypes.contains("message.*"));
    }
}
