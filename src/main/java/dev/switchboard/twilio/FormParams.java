package dev.switchboard.twilio;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** The POSTed form parameters, whether platform-http handed them over as a map or as the raw body. */
public final class FormParams {

    private FormParams() {
    }

    /** A form value as a number (ErrorCode, RecordingDuration, …): null when absent, blank or not a number. */
    public static Integer integer(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(raw.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    public static Map<String, String> of(Object body) {
        Map<String, String> params = new LinkedHashMap<>();
        if (body instanceof Map<?, ?> map) {
            map.forEach((k, v) -> params.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
        } else if (body instanceof String raw && !raw.isEmpty()) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : pair.substring(eq + 1);
                params.put(decode(name), decode(value));
            }
        }
        return params;
    }

    // A malformed escape (%zz) is kept as written: the signature then cannot match, and the answer is 403, not 500.
    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return text;
        }
    }
}
