package dev.switchboard.connect;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An endpoint URI a route file names, with where it stands ({@code routes/mqtt.camel.yaml:7}). */
public record Endpoint(String uri, String file, int line) {

    private static final Pattern SCHEME = Pattern.compile("([a-z][a-z0-9+.-]*):.*", Pattern.DOTALL);

    /** The component scheme ({@code paho-mqtt5} of {@code paho-mqtt5:orders}); empty when a placeholder hides it. */
    public Optional<String> scheme() {
        Matcher m = SCHEME.matcher(uri.trim());
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    public String where() {
        return file + ":" + line;
    }
}
