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
        Instant dueAt,
        String reason,
        String priority,
        String contentSid,
        String contentVariablesJson,
        String mediaUrlsJson,
        String fallback,
        boolean smartEncoded,
        String voiceJson,
        Integer callRetries,
        String statusCallback) {

    /** A row without a request's own webhook (statusCallbackUrl). */
    public NewMessage(String id, String channel, String to, String from, String body, String tagsJson, int segments,
                      String encoding, String status, String source, String idempotencyKey, String fingerprint,
                      Instant sendAt, Instant dueAt, String reason, String priority, String contentSid,
                      String contentVariablesJson, String mediaUrlsJson, String fallback, boolean smartEncoded,
                      String voiceJson, Integer callRetries) {
        this(id, channel, to, from, body, tagsJson, segments, encoding, status, source, idempotencyKey, fingerprint,
                sendAt, dueAt, reason, priority, contentSid, contentVariablesJson, mediaUrlsJson, fallback, smartEncoded,
                voiceJson, callRetries, null);
    }

    /** A message row (no call). */
    public NewMessage(String id, String channel, String to, String from, String body, String tagsJson, int segments,
                      String encoding, String status, String source, String idempotencyKey, String fingerprint,
                      Instant sendAt, Instant dueAt, String reason, String priority, String contentSid,
                      String contentVariablesJson, String mediaUrlsJson, String fallback, boolean smartEncoded) {
        this(id, channel, to, from, body, tagsJson, segments, encoding, status, source, idempotencyKey, fingerprint,
                sendAt, dueAt, reason, priority, contentSid, contentVariablesJson, mediaUrlsJson, fallback, smartEncoded,
                null, null, null);
    }

    /** A plain SMS row: transactional, no template, media or fallback. */
    public NewMessage(String id, String channel, String to, String from, String body, String tagsJson, int segments,
                      String encoding, String status, String source, String idempotencyKey, String fingerprint,
                      Instant sendAt, Instant dueAt) {
        this(id, channel, to, from, body, tagsJson, segments, encoding, status, source, idempotencyKey, fingerprint,
                sendAt, dueAt, null, "transactional", null, null, null, null, false);
    }
}
