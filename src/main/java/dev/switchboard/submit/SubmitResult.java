package dev.switchboard.submit;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the front door tells the source: the message id, its status (and why, when suppressed), how
 * Twilio will bill it, and whether smart encoding replaced characters.
 */
public record SubmitResult(String id, String status, String reason, int segments, String encoding,
                           boolean smartEncoded, boolean replayed) {

    /** The API's 202 body, {@code {"id","status",["reason"],"segments","encoding",["smartEncoded"]}}, for every door. */
    public Map<String, Object> answer() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id);
        json.put("status", status);
        if (reason != null) {
            json.put("reason", reason);
        }
        json.put("segments", segments);
        json.put("encoding", encoding);
        if (smartEncoded) {
            json.put("smartEncoded", true);
        }
        return json;
    }
}
