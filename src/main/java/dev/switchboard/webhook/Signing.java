package dev.switchboard.webhook;

import dev.switchboard.store.WebhookEndpoint;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which secrets sign an endpoint's events: its own (and, during a rotation's overlap, its previous one too), or
 * for endpoints of the configuration and of requests those of {@code SWITCHBOARD_WEBHOOK_SECRET} (several,
 * separated by spaces or commas, newest first, while the configuration is being rotated).
 */
final class Signing {

    static final String SETTING = "SWITCHBOARD_WEBHOOK_SECRET";

    private final List<byte[]> configured;
    private final Map<String, byte[]> keys = new ConcurrentHashMap<>();

    Signing(String configuredSecrets) {
        List<byte[]> parsed = new ArrayList<>();
        if (configuredSecrets != null) {
            for (String s : configuredSecrets.trim().split("[\\s,]+")) {
                if (!s.isEmpty()) {
                    parsed.add(WebhookSigner.key(s, SETTING));
                }
            }
        }
        this.configured = List.copyOf(parsed);
    }

    boolean configured() {
        return !configured.isEmpty();
    }

    String signature(WebhookEndpoint endpoint, String id, long timestamp, String body, Instant now) {
        List<byte[]> signing;
        if (endpoint.secret() == null) {
            if (configured.isEmpty()) {
                throw new IllegalStateException("no " + SETTING + " is set to sign events for " + endpoint.origin()
                        + " endpoints");
            }
            signing = configured;
        } else {
            signing = new ArrayList<>(2);
            signing.add(key(endpoint.secret()));
            if (endpoint.previousSecret() != null && endpoint.previousSecretUntil() != null
                    && now.isBefore(endpoint.previousSecretUntil())) {
                signing.add(key(endpoint.previousSecret()));
            }
        }
        return WebhookSigner.signature(signing, id, timestamp, body);
    }

    private byte[] key(String secret) {
        return keys.computeIfAbsent(secret, s -> WebhookSigner.key(s, "an endpoint's secret"));
    }
}
