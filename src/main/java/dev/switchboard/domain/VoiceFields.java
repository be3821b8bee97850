package dev.switchboard.domain;

import static dev.switchboard.domain.InvalidRequestException.badRequest;
import static dev.switchboard.domain.InvalidRequestException.unprocessable;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Pattern;

/** The voice fields of a request ({@code say}, {@code voice}, {@code language}, {@code ivr}, {@code twimlUrl}, {@code retry}). */
final class VoiceFields {

    static final List<String> NAMES = List.of("say", "voice", "language", "ivr", "twimlUrl", "retry");
    /** Twilio's limit on the text of one Say verb. */
    static final int MAX_SAY = 4096;
    static final int MAX_RETRIES = 5;
    static final Duration MIN_RETRY_AFTER = Duration.ofSeconds(1);
    static final Duration MAX_RETRY_AFTER = Duration.ofHours(24);
    private static final Pattern MENU_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern VOICE = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*");

    private VoiceFields() {
    }

    /** The call a voice request describes, or null for other channels (which may not carry these fields). */
    static VoiceCall parse(JsonNode node, Channel channel) {
        if (channel != Channel.VOICE) {
            for (String name : NAMES) {
                if (!absent(node.get(name))) {
                    throw unprocessable("not_for_channel", name,
                            "'" + name + "' does not apply to channel '" + channel.wireName() + "'");
                }
            }
            return null;
        }
        for (String name : List.of("body", "mediaUrl")) {
            if (!absent(node.get(name))) {
                throw unprocessable("not_for_channel", name, "'" + name + "' does not apply to channel 'voice':"
                        + " use 'say', 'ivr' or 'twimlUrl'");
            }
        }
        String say = text(node.get("say"), "say");
        String ivr = text(node.get("ivr"), "ivr");
        String twimlUrl = text(node.get("twimlUrl"), "twimlUrl");
        int kinds = (say != null ? 1 : 0) + (ivr != null ? 1 : 0) + (twimlUrl != null ? 1 : 0);
        if (kinds != 1) {
            throw unprocessable(kinds == 0 ? "missing_call_content" : "conflicting_call_content", kinds == 0 ? "say" : null,
                    "a voice request needs exactly one of 'say', 'ivr' or 'twimlUrl'");
        }
        if (say != null && (say.isBlank() || say.codePointCount(0, say.length()) > MAX_SAY)) {
            throw unprocessable("invalid_say", "say", "'say' must be 1 to " + MAX_SAY + " characters of text");
        }
        if (ivr != null && !MENU_NAME.matcher(ivr).matches()) {
            throw unprocessable("invalid_ivr", "ivr", "'ivr' must be a menu name: letters, digits, '-' or '_'");
        }
        if (twimlUrl != null && !isWebUrl(twimlUrl)) {
            throw unprocessable("invalid_twiml_url", "twimlUrl", "'twimlUrl' must be an http(s) URL");
        }
        String voice = text(node.get("voice"), "voice");
        String language = text(node.get("language"), "language");
        if ((voice != null || language != null) && say == null) {
            throw unprocessable("not_for_call", voice != null ? "voice" : "language",
                    "'voice' and 'language' apply to 'say' only");
        }
        if (voice != null && !VOICE.matcher(voice).matches()) {
            throw unprocessable("invalid_voice", "voice", "'voice' must be a Twilio voice name such as Polly.Joanna or alice");
        }
        if (language != null && !LANGUAGE.matcher(language).matches()) {
            throw unprocessable("invalid_language", "language", "'language' must be a language tag such as en-US");
        }
        JsonNode retry = node.get("retry");
        if (absent(retry)) {
            return new VoiceCall(say, voice, language, ivr, twimlUrl, 0, null);
        }
        if (!retry.isObject() || !retry.path("attempts").canConvertToInt() || !retry.path("attempts").isIntegralNumber()
                || !retry.path("after").isTextual() || retry.size() != 2) {
            throw badRequest("invalid_retry", "retry", "'retry' must be {\"attempts\": 1-" + MAX_RETRIES
                    + ", \"after\": \"PT10M\"}");
        }
        int attempts = retry.get("attempts").intValue();
        if (attempts < 1 || attempts > MAX_RETRIES) {
            throw unprocessable("invalid_retry", "retry", "'retry.attempts' must be 1 to " + MAX_RETRIES);
        }
        Duration after;
        try {
            after = Duration.parse(retry.get("after").textValue());
        } catch (DateTimeParseException e) {
            throw badRequest("invalid_retry", "retry", "'retry.after' must be an ISO-8601 duration such as PT10M");
        }
        if (after.compareTo(MIN_RETRY_AFTER) < 0 || after.compareTo(MAX_RETRY_AFTER) > 0) {
            throw unprocessable("invalid_retry", "retry", "'retry.after' must be between PT1S and PT24H");
        }
        return new VoiceCall(say, voice, language, ivr, twimlUrl, attempts, after);
    }

    private static String text(JsonNode value, String field) {
        if (absent(value)) {
            return null;
        }
        if (!value.isTextual()) {
            throw badRequest("invalid_" + field, field, "'" + field + "' must be a string");
        }
        return value.textValue();
    }

    private static boolean isWebUrl(String text) {
        try {
            URI uri = new URI(text);
            return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static boolean absent(JsonNode value) {
        return value == null || value.isNull() || value.isMissingNode();
    }
}
