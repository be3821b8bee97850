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
        Instant updatedAt,
        String priority,
        String contentSid,
        String contentVariablesJson,
        String mediaUrlsJson,
        String fallback,
        boolean smartEncoded,
        String sentChannel,
        String voiceJson) {

    /** A message row without a call. */
    public StoredMessage(String id, String channel, String to, String from, String body, String tagsJson, int segments,
                         String encoding, String status, String reason, String source, String idempotencyKey,
                         String fingerprint, String twilioSid, Integer errorCode, String errorMessage, int attempts,
                         Instant sendAt, Instant nextAttemptAt, Instant createdAt, Instant updatedAt, String priority,
                         String contentSid, String contentVariablesJson, String mediaUrlsJson, String fallback,
                         boolean smartEncoded, String sentChannel) {
        this(id, channel, to, from, body, tagsJson, segments, encoding, status, reason, source, idempotencyKey,
                fingerprint, twilioSid, errorCode, errorMessage, attempts, sendAt, nextAttemptAt, createdAt, updatedAt,
                priority, contentSid, contentVariablesJson, mediaUrlsJson, fallback, smartEncoded, sentChannel, null);
    }

    /** The status the submitter was first told: scheduled when it asked for a later time. */
    public String acceptedAs() {
        if ("suppressed".equals(status) && attempts == 0 && twilioSid == null) {
            return status; // suppressed at the door (opted out, window closed) is what the caller was told
        }
        return sendAt != null && sendAt.isAfter(createdAt) ? "scheduled" : "accepted";
    }
}
