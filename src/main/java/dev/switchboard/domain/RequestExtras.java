package dev.switchboard.domain;

import static dev.switchboard.domain.InvalidRequestException.badRequest;
import static dev.switchboard.domain.InvalidRequestException.unprocessable;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The request fields beyond text: priority, WhatsApp templates and fallback, media. Fields that do
 * not apply to the channel are refused, not ignored.
 */
record RequestExtras(Priority priority, Channel fallback, String contentSid, Map<String, String> contentVariables,
                     List<String> mediaUrls) {

    static final int MAX_MEDIA = 10;
    static final int MAX_VARIABLES = 100;
    private static final Pattern CONTENT_SID = Pattern.compile("HX[0-9a-fA-F]{32}");

    static RequestExtras parse(JsonNode node, Channel channel) {
        Priority priority = priority(node.get("priority"));
        Channel fallback = fallback(node.get("fallback"), channel);
        String contentSid = contentSid(node.get("contentSid"), channel);
        Map<String, String> variables = variables(node.get("contentVariables"), contentSid);
        List<String> media = media(node.get("mediaUrl"), contentSid);
        return new RequestExtras(priority, fallback, contentSid, variables, media);
    }

    private static Priority priority(JsonNode value) {
        if (absent(value)) {
            return Priority.TRANSACTIONAL;
        }
        if (!value.isTextual()) {
            throw badRequest("invalid_priority", "priority", "'priority' must be a string");
        }
        return Priority.parse(value.textValue());
    }

    private static Channel fallback(JsonNode value, Channel channel) {
        if (absent(value)) {
            return null;
        }
        if (channel != Channel.WHATSAPP) {
            throw notForChannel("fallback", channel);
        }
        if (!value.isTextual() || !Channel.SMS.is(value.textValue())) {
            throw unprocessable("invalid_fallback", "fallback", "'fallback' can only be \"sms\"");
        }
        return Channel.SMS;
    }

    private static String contentSid(JsonNode value, Channel channel) {
        if (absent(value)) {
            return null;
        }
        if (channel != Channel.WHATSAPP) {
            throw notForChannel("contentSid", channel);
        }
        if (!value.isTextual() || !CONTENT_SID.matcher(value.textValue()).matches()) {
            throw unprocessable("invalid_content_sid", "contentSid",
                    "'contentSid' must be a Twilio Content SID: HX followed by 32 hex digits");
        }
        return value.textValue();
    }

    private static Map<String, String> variables(JsonNode value, String contentSid) {
        Map<String, String> variables = new LinkedHashMap<>();
        if (absent(value)) {
            return variables;
        }
        if (contentSid == null) {
            throw unprocessable("content_variables_without_template", "contentVariables",
                    "'contentVariables' needs a 'contentSid'");
        }
        if (!value.isObject() || value.size() > MAX_VARIABLES) {
            throw badRequest("invalid_content_variables", "contentVariables",
                    "'contentVariables' must be an object of at most " + MAX_VARIABLES + " string values");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> v = it.next();
            if (!v.getValue().isTextual() && !v.getValue().isNumber()) {
                throw badRequest("invalid_content_variables", "contentVariables",
                        "template variable '" + v.getKey() + "' must be a string or a number");
            }
            variables.put(v.getKey(), v.getValue().asText());
        }
        return variables;
    }

    private static List<String> media(JsonNode value, String contentSid) {
        List<String> urls = new ArrayList<>();
        if (absent(value)) {
            return urls;
        }
        if (contentSid != null) {
            throw unprocessable("media_with_template", "mediaUrl", "a template carries its own media: drop 'mediaUrl'");
        }
        if (!value.isArray() || value.isEmpty() || value.size() > MAX_MEDIA) {
            throw badRequest("invalid_media_url", "mediaUrl",
                    "'mediaUrl' must be a list of 1 to " + MAX_MEDIA + " http(s) URLs");
        }
        for (JsonNode url : value) {
            if (!url.isTextual() || !isWebUrl(url.textValue())) {
                throw badRequest("invalid_media_url", "mediaUrl", "every 'mediaUrl' entry must be an http(s) URL");
            }
            urls.add(url.textValue());
        }
        return urls;
    }

    private static boolean isWebUrl(String text) {
        try {
            URI uri = new URI(text);
            return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static InvalidRequestException notForChannel(String field, Channel channel) {
        return unprocessable("not_for_channel", field,
                "'" + field + "' does not apply to channel '" + channel.wireName() + "'");
    }

    private static boolean absent(JsonNode value) {
        return value == null || value.isNull() || value.isMissingNode();
    }
}
