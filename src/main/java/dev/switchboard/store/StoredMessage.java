package dev.switchboard.store;

import java.time.Instant;

/** One row of the {@code message} table, as the API and the dispatcher read it. */
public record StoredMessage(
        String id,
        String channel,
        String to,
        String from,
        String body,
        String tagsJson,
        int segments,
        String encoding,
        String status,
        String reason,
        String source,
        String idempotencyKey,
        String fingerprint,
        String twilioSid,
        Integer errorCode,
        String errorMessage,
        int attempts,
        Instant sendAt,
        Instant nextAttemptAt,
        Instant createdAt,
        Instant updatedAt) {

    /** The status the submitter was first told: scheduled when it asked for a later time. */
    public String acceptedAs() {
        return sendAt != null && sendAt.isAfter(createdAt) ? "scheduled" : "accepted";
    }
}
