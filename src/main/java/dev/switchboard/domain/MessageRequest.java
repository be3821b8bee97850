package dev.switchboard.domain;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The canonical request every inbound adapter hands the front door, already validated.
 *
 * @param channel        how to reach the person
 * @param to             the recipient
 * @param from           an E.164 number or an alphanumeric sender id; {@code null} for the default sender
 * @param body           the text to send
 * @param sendAt         when to send; {@code null} for now
 * @param tags           caller's labels, never {@code null}, unmodifiable, ordered by key
 * @param idempotencyKey the caller's key for safe retries, or {@code null}
 * @param source         the adapter it came through: {@code http}, {@code file}, {@code jms}, {@code email}
 * @param priority       {@code bulk} waits out quiet hours
 * @param fallback       for WhatsApp: the channel to use when the 24-hour window is closed, or {@code null}
 * @param contentSid     a WhatsApp template ({@code HX…}), or {@code null}
 * @param contentVariables the template's variables, never {@code null}
 * @param mediaUrls      media to attach, never {@code null}
 * @param voice          for a voice call: what to say or play and how to retry; {@code null} otherwise
 */
public record MessageRequest(Channel channel, E164 to, String from, String body, Instant sendAt,
                             Map<String, String> tags, String idempotencyKey, String source,
                             Priority priority, Channel fallback, String contentSid,
                             Map<String, String> contentVariables, List<String> mediaUrls, VoiceCall voice,
                             String statusCallbackUrl) {

    // Bump when the serialization below changes, so old and new fingerprints never collide.
    private static final String FINGERPRINT_VERSION = "switchboard-request-v1";

    public MessageRequest {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(source, "source");
        tags = sortedCopy(tags);
        priority = priority == null ? Priority.TRANSACTIONAL : priority;
        contentVariables = sortedCopy(contentVariables);
        mediaUrls = mediaUrls == null ? List.of() : List.copyOf(mediaUrls);
        if (body == null && contentSid == null && mediaUrls.isEmpty() && voice == null) {
            throw new NullPointerException("body (a request needs a body, a template, media or a call)");
        }
        if ((channel == Channel.VOICE) != (voice != null)) {
            throw new IllegalArgumentException("a voice request, and only a voice request, describes a call");
        }
    }

    /** A request without its own webhook (statusCallbackUrl). */
    public MessageRequest(Channel channel, E164 to, String from, String body, Instant sendAt,
                          Map<String, String> tags, String idempotencyKey, String source,
                          Priority priority, Channel fallback, String contentSid,
                          Map<String, String> contentVariables, List<String> mediaUrls, VoiceCall voice) {
        this(channel, to, from, body, sendAt, tags, idempotencyKey, source, priority, fallback, contentSid,
                contentVariables, mediaUrls, voice, null);
    }

    /** A message request (no call). */
    public MessageRequest(Channel channel, E164 to, String from, String body, Instant sendAt,
                          Map<String, String> tags, String idempotencyKey, String source,
                          Priority priority, Channel fallback, String contentSid,
                          Map<String, String> contentVariables, List<String> mediaUrls) {
        this(channel, to, from, body, sendAt, tags, idempotencyKey, source, priority, fallback, contentSid,
                contentVariables, mediaUrls, null);
    }

    /** A plain text request: transactional, no template, no media, no fallback. */
    public MessageRequest(Channel channel, E164 to, String from, String body, Instant sendAt,
                          Map<String, String> tags, String idempotencyKey, String source) {
        this(channel, to, from, body, sendAt, tags, idempotencyKey, source, Priority.TRANSACTIONAL, null, null,
                null, null);
    }

    /** True for a WhatsApp template request, which may be sent outside the 24-hour window. */
    public boolean isTemplate() {
        return contentSid != null;
    }

    /**
     * Lower-case hex SHA-256 of what is sent, to whom and when (channel, to, from, body, sendAt,
     * tags), so a retry with the same Idempotency-Key can be told apart from a different request.
     * The key and the source are left out: the same payload through another door is the same request.
     */
    public String fingerprint() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            // Length-prefixed fields, so ("ab","c") and ("a","bc") cannot serialize alike.
            field(out, FINGERPRINT_VERSION);
            field(out, channel.wireName());
            field(out, to.value());
            field(out, from);
            field(out, body);
            field(out, sendAt == null ? null : sendAt.toString());
            writeMap(out, tags);
            // Written only when used, so a plain text request keeps the fingerprint it always had.
            if (priority != Priority.TRANSACTIONAL || fallback != null || contentSid != null
                    || !contentVariables.isEmpty() || !mediaUrls.isEmpty()) {
                field(out, "extras-v2");
                field(out, priority.wireName());
                field(out, fallback == null ? null : fallback.wireName());
                field(out, contentSid);
                writeMap(out, contentVariables);
                out.writeInt(mediaUrls.size());
                for (String url : mediaUrls) {
                    field(out, url);
                }
            }
            if (voice != null) {
                field(out, "voice-v1");
                field(out, voice.say());
                field(out, voice.voice());
                field(out, voice.language());
                field(out, voice.ivr());
                field(out, voice.twimlUrl());
                out.writeInt(voice.retryAttempts());
                field(out, voice.retryAfter() == null ? null : voice.retryAfter().toString());
            }
            if (statusCallbackUrl != null) {
                field(out, "callback-v1");
                field(out, statusCallbackUrl);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return HexFormat.of().formatHex(sha256(bytes.toByteArray()));
    }

    private static void writeMap(DataOutputStream out, Map<String, String> map) throws IOException {
        out.writeInt(map.size());
        for (Map.Entry<String, String> e : map.entrySet()) {
            field(out, e.getKey());
            field(out, e.getValue());
        }
    }

    private static Map<String, String> sortedCopy(Map<String, String> tags) {
        if (tags == null || tags.isEmpty()) {
            return Collections.emptySortedMap();
        }
        TreeMap<String, String> sorted = new TreeMap<>();
        tags.forEach((key, value) -> sorted.put(Objects.requireNonNull(key, "tag key"),
                Objects.requireNonNull(value, "tag value")));
        return Collections.unmodifiableSortedMap(sorted);
    }

    // -1 marks null, so an absent value differs from an empty one.
    private static void field(DataOutputStream out, String value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static byte[] sha256(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
