package dev.switchboard.sandbox;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/** Reads and writes {@code application/x-www-form-urlencoded} bodies, keeping repeated names such as MediaUrl. */
final class FormCodec {

    private FormCodec() {
    }

    /** Decodes a form body in order of appearance; throws IllegalArgumentException on a malformed escape. */
    static Map<String, List<String>> decode(String body) {
        Map<String, List<String>> form = new LinkedHashMap<>();
        if (body == null || body.isEmpty()) {
            return form;
        }
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            form.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return form;
    }

    static String encode(Map<String, String> params) {
        StringJoiner body = new StringJoiner("&");
        params.forEach((name, value) -> body.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return body.toString();
    }

    /** The first non-blank value of {@code name}, or null: Twilio treats an empty parameter as absent. */
    static String first(Map<String, List<String>> form, String name) {
        List<String> values = form.get(name);
        if (values == null) {
            return null;
        }
        return values.stream().filter(v -> !v.isBlank()).findFirst().orElse(null);
    }
}
