package dev.switchboard.domain;

import static dev.switchboard.domain.InvalidRequestException.badRequest;
import static dev.switchboard.domain.InvalidRequestException.unprocessable;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/** Maps the API's JSON message request to a {@link MessageRequest}, refusing it with the first problem found. */
public final class RequestJson {

    static final Set<String> FIELDS = Set.of("channel", "to", "from", "body", "sendAt", "tags",
            "priority", "fallback", "contentSid", "contentVariables", "mediaUrl", "say", "voice", "language", "ivr",
            "twimlUrl", "retry", "statusCallbackUrl");
    static final int MAX_BODY_CODE_POINTS = 1600;
    static final Duration PAST_TOLERANCE = Duration.ofSeconds(60);
    static final Duration MAX_AHEAD = Duration.ofDays(35);
    static final int MAX_TAGS = 20;
    static final int MAX_TAG_KEY = 64;
    static final int MAX_TAG_VALUE = 256;

    private static final Pattern SENDER_ID_CHARS = Pattern.compile("[A-Za-z0-9 ]+");
    private static final Pattern HAS_LETTER = Pattern.compile(".*[A-Za-z].*");
    private static final int MAX_SENDER_ID = 11;

    private RequestJson() {
    }

    /**
     * Validates and maps one request. Checks unknown fields first, then channel, to, from, body,
     * sendAt and tags in that order. A JSON {@code null} counts as an absent field.
     *
     * @throws InvalidRequestException describing the first problem
     */
    public static MessageRequest parse(JsonNode node, String idempotencyKey, String source, Clock clock) {
        Objects.requireNonNull(clock, "clock");
        if (node == null || !node.isObject()) {
            throw badRequest("invalid_json", null, "request body must be a JSON object");
        }
        rejectUnknownFields(node);
        Channel channel = channel(node.get("channel"));
        E164 to = E164.parse(requiredString(node.get("to"), "to"), "to");
        String from = from(node.get("from"));
        VoiceCall voice = VoiceFields.parse(node, channel);
        RequestExtras extras = RequestExtras.parse(node, channel);
        String body = voice != null ? null : body(node.get("body"), extras);
        Instant sendAt = sendAt(node.get("sendAt"), clock.instant());
        Map<String, String> tags = tags(node.get("tags"));
        return new MessageRequest(channel, to, from, body, sendAt, tags, idempotencyKey, source, extras.priority(),
                extras.fallback(), extras.contentSid(), extras.contentVariables(), extras.mediaUrls(), voice,
                statusCallbackUrl(node.get("statusCallbackUrl")));
    }

    /**
     * This request's own webhook: an absolute http(s) URL. Which schemes and addresses may be called is the
     * webhook policy's to say, at the front door and again before every attempt (docs/webhooks.md).
     */
    private static String statusCallbackUrl(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        String field = "statusCallbackUrl";
        if (!value.isTextual()) {
            throw badRequest("invalid_status_callback_url", field, "'statusCallbackUrl' must be a string");
        }
        String url = value.textValue().trim();
        try {
            java.net.URI uri = new java.net.URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
            if (url.length() <= 2048 && (scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null) {
                return url;
            }
        } catch (java.net.URISyntaxException e) {
            // falls through to the error below
        }
        throw unprocessable("invalid_status_callback_url", field,
                "'statusCallbackUrl' must be an absolute https URL of at most 2048 characters");
    }

    private static void rejectUnknownFields(JsonNode node) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw badRequest("unknown_field", name, "'" + name + "' is not a field of a message request");
            }
        }
    }

    private static Channel channel(JsonNode value) {
        if (absent(value)) {
            return Channel.SMS;
        }
        if (!value.isTextual()) {
            throw badRequest("invalid_channel", "channel", "'channel' must be a string");
        }
        return Channel.parse(value.textValue());
    }

    private static String from(JsonNode value) {
        if (absent(value)) {
            return null;
        }
        if (!value.isTextual()) {
            throw badRequest("invalid_from", "from", "'from' must be a string");
        }
        String from = value.textValue();
        if (from.strip().startsWith("+")) {
            return E164.parse(from, "from").value();
        }
        if (from.isEmpty() || from.length() > MAX_SENDER_ID) {
            throw invalidSenderId("a sender ID must be 1 to 11 characters, got " + from.length());
        }
        if (!SENDER_ID_CHARS.matcher(from).matches()) {
            throw invalidSenderId("a sender ID may contain only letters A-Z, digits and spaces");
        }
        if (!HAS_LETTER.matcher(from).matches()) {
            throw invalidSenderId("a sender ID needs at least one letter; a phone number must start with +");
        }
        return from;
    }

    private static InvalidRequestException invalidSenderId(String reason) {
        return unprocessable("invalid_from", "from",
                "'from' must be a phone number starting with + or an alphanumeric sender ID: " + reason);
    }

    /** Required for text; optional with media; refused with a template, which carries its own text. */
    private static String body(JsonNode value, RequestExtras extras) {
        if (extras.contentSid() != null) {
            if (!absent(value)) {
                throw unprocessable("body_with_template", "body",
                        "'body' cannot be combined with 'contentSid': the template carries the text");
            }
            return null;
        }
        if (absent(value) && !extras.mediaUrls().isEmpty()) {
            return null;
        }
        String body = requiredString(value, "body");
        if (body.codePoints().allMatch(cp -> Character.isWhitespace(cp) || Character.isSpaceChar(cp))) {
            throw unprocessable("empty_body", "body", "'body' is empty");
        }
        int length = body.codePointCount(0, body.length());
        if (length > MAX_BODY_CODE_POINTS) {
            throw unprocessable("body_too_long", "body",
                    "'body' has " + length + " characters; the limit is " + MAX_BODY_CODE_POINTS);
        }
        return body;
    }

    private static Instant sendAt(JsonNode value, Instant now) {
        if (absent(value)) {
            return null;
        }
        Instant sendAt;
        try {
            if (!value.isTextual()) {
                throw new DateTimeParseException("not a string", value.toString(), 0);
            }
            sendAt = OffsetDateTime.parse(value.textValue()).toInstant();
        } catch (DateTimeParseException e) {
            throw badRequest("invalid_send_at", "sendAt",
                    "'sendAt' must be an ISO-8601 date-time with offset, e.g. 2026-11-24T15:00:00Z");
        }
        // A little slack for clock skew: a time just passed means "now", and the caller treats it so.
        if (sendAt.isBefore(now.minus(PAST_TOLERANCE))) {
            throw unprocessable("send_at_in_past", "sendAt",
                    "'sendAt' " + sendAt + " is in the past; it is now " + now);
        }
        if (sendAt.isAfter(now.plus(MAX_AHEAD))) {
            throw unprocessable("send_at_too_far", "sendAt",
                    "'sendAt' " + sendAt + " is more than " + MAX_AHEAD.toDays() + " days ahead");
        }
        return sendAt;
    }

    private static Map<String, String> tags(JsonNode value) {
        Map<String, String> tags = new LinkedHashMap<>();
        if (absent(value)) {
            return tags;
        }
        if (!value.isObject()) {
            throw invalidTags("'tags' must be an object of string values");
        }
        if (value.size() > MAX_TAGS) {
            throw invalidTags("'tags' has " + value.size() + " entries; the limit is " + MAX_TAGS);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> tag = it.next();
            String key = tag.getKey();
            int keyLength = key.codePointCount(0, key.length());
            if (keyLength < 1 || keyLength > MAX_TAG_KEY) {
                throw invalidTags("tag key '" + abbreviate(key) + "' has " + keyLength
                        + " characters; keys must be 1 to " + MAX_TAG_KEY);
            }
            if (!tag.getValue().isTextual()) {
                throw invalidTags("tag '" + key + "' must have a string value");
            }
            String text = tag.getValue().textValue();
            int valueLength = text.codePointCount(0, text.length());
            if (valueLength > MAX_TAG_VALUE) {
                throw invalidTags("tag '" + key + "' has a value of " + valueLength
                        + " characters; the limit is " + MAX_TAG_VALUE);
            }
            tags.put(key, text);
        }
        return tags;
    }

    private static InvalidRequestException invalidTags(String reason) {
        return badRequest("invalid_tags", "tags", reason);
    }

    private static String requiredString(JsonNode value, String field) {
        if (absent(value)) {
            throw badRequest("missing_" + field, field, "'" + field + "' is required");
        }
        if (!value.isTextual()) {
            throw badRequest("invalid_" + field, field, "'" + field + "' must be a string");
        }
        return value.textValue();
    }

    private static boolean absent(JsonNode value) {
        return value == null || value.isNull() || value.isMissingNode();
    }

    // Keeps an over-long key from flooding the error message.
    private static String abbreviate(String text) {
        return text.length() <= 20 ? text : text.substring(0, 20) + "…";
    }
}
