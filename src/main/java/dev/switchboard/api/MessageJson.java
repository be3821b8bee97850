package dev.switchboard.api;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.switchboard.store.StoredEvent;
import dev.switchboard.store.StoredMessage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The API's JSON view of a message and its history. */
final class MessageJson {

    private MessageJson() {
    }

    static Map<String, Object> summary(StoredMessage m) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", m.id());
        json.put("channel", m.channel());
        json.put("to", m.to());
        json.put("from", m.from());
        json.put("body", m.body());
        json.put("status", m.status());
        json.put("reason", m.reason());
        json.put("twilioSid", m.twilioSid());
        json.put("errorCode", m.errorCode());
        json.put("errorMessage", m.errorMessage());
        json.put("segments", m.segments());
        json.put("encoding", m.encoding());
        json.put("attempts", m.attempts());
        json.put("sendAt", time(m.sendAt()));
        json.put("tags", tags(m.tagsJson()));
        json.put("priority", m.priority());
        if (m.contentSid() != null) {
            json.put("contentSid", m.contentSid());
            json.put("contentVariables", tags(m.contentVariablesJson()));
        }
        if (m.mediaUrlsJson() != null) {
            json.put("mediaUrl", list(m.mediaUrlsJson()));
        }
        json.put("fallback", m.fallback());
        json.put("sentChannel", m.sentChannel());
        json.put("smartEncoded", m.smartEncoded());
        json.put("source", m.source());
        json.put("createdAt", time(m.createdAt()));
        json.put("updatedAt", time(m.updatedAt()));
        return json;
    }

    static Map<String, Object> withEvents(StoredMessage m, List<StoredEvent> events) {
        Map<String, Object> json = summary(m);
        json.put("events", events.stream().map(MessageJson::event).toList());
        return json;
    }

    private static Map<String, Object> event(StoredEvent e) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("status", e.status());
        json.put("at", time(e.at()));
        json.put("source", e.source());
        json.put("applied", e.applied());
        json.put("errorCode", e.errorCode());
        json.put("detail", e.detail());
        return json;
    }

    private static String time(Instant t) {
        return t == null ? null : t.toString();
    }

    private static List<String> list(String json) {
        try {
            return HttpReply.JSON.readValue(json, new TypeReference<List<String>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException("stored lists are JSON written by Switchboard", e);
        }
    }

    private static Map<String, String> tags(String json) {
        if (json == null) {
            return Map.of();
        }
        try {
            return HttpReply.JSON.readValue(json, new TypeReference<LinkedHashMap<String, String>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException("stored tags are JSON written by Switchboard", e);
        }
    }
}
