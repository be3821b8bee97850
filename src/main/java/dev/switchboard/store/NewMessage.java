package dev.switchboard.store;

import java.time.Instant;

/** A validated request ready to be written to the outbox. */
public record NewMessage(
        String id,
        String channel,
        String to,
        String from,
        String body,
        String tagsJson,
        int segments,
        String encoding,
        String status,
        String source,
        String idempotencyKey,
        String fingerprint,
        Instant sendAt,
        Instant dueAt) {
}
