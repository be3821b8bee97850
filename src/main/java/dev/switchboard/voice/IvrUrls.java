package dev.switchboard.voice;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The absolute URLs of Switchboard's voice webhooks, on the public URL Twilio calls (and signs). */
public final class IvrUrls {

    private final String base;

    public IvrUrls(String publicUrl) {
        this.base = publicUrl.replaceAll("/+$", "");
    }

    public URI status() {
        return URI.create(base + "/twilio/voice/status");
    }

    public URI recording() {
        return URI.create(base + "/twilio/voice/recording");
    }

    /** A menu's prompt; {@code attempt} counts the times it has been repeated for want of an answer. */
    public URI menu(String name, int attempt) {
        return URI.create(base + "/twilio/voice/menu/" + encode(name) + (attempt > 0 ? "?attempt=" + attempt : ""));
    }

    public URI choice(String name, int attempt) {
        return URI.create(base + "/twilio/voice/menu/" + encode(name) + "/choice" + (attempt > 0 ? "?attempt=" + attempt : ""));
    }

    private static String encode(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
