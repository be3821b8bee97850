package dev.switchboard.voice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.domain.VoiceCall;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** How a {@link VoiceCall} is kept in the message row's {@code voice} column, and read back. */
public final class VoiceCallJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private VoiceCallJson() {
    }

    public static String write(VoiceCall call) {
        if (call == null) {
            return null;
        }
        Map<String, Object> json = new LinkedHashMap<>();
        put(json, "say", call.say());
        put(json, "voice", call.voice());
        put(json, "language", call.language());
        put(json, "ivr", call.ivr());
        put(json, "twimlUrl", call.twimlUrl());
        if (call.retryAttempts() > 0) {
            json.put("retry", Map.of("attempts", call.retryAttempts(), "after", call.retryAfter().toString()));
        }
        try {
            return JSON.writeValueAsString(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static VoiceCall read(String json) {
        try {
            JsonNode n = JSON.readTree(json);
            JsonNode retry = n.path("retry");
            return new VoiceCall(text(n, "say"), text(n, "voice"), text(n, "language"), text(n, "ivr"),
                    text(n, "twimlUrl"), retry.path("attempts").asInt(0),
                    retry.has("after") ? Duration.parse(retry.get("after").asText()) : null);
        } catch (IOException e) {
            throw new UncheckedIOException("stored calls are JSON written by Switchboard", e);
        }
    }

    /** The stored JSON as a plain map, for the API's view of a message. */
    public static Map<String, Object> asMap(String json) {
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> map = JSON.readValue(json, LinkedHashMap.class);
            return map;
        } catch (IOException e) {
            throw new UncheckedIOException("stored calls are JSON written by Switchboard", e);
        }
    }

    private static void put(Map<String, Object> json, String name, String value) {
        if (value != null) {
            json.put(name, value);
        }
    }

    private static String text(JsonNode n, String name) {
        return n.hasNonNull(name) ? n.get(name).asText() : null;
    }
}
