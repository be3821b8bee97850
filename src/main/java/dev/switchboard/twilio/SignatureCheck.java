package dev.switchboard.twilio;


import com.fasterxml.jackson.databind.JsonNode;
import com.twilio.twiml.MessagingResponse;
import dev.switchboard.observe.Meters;
import dev.switchboard.security.ReplayGuard;
import dev.switchboard.security.SafeJson;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks {@code X-Twilio-Signature} against the PUBLIC URL Twilio called (not the one this server sees behind a
 * proxy), query string included, fragment excluded, with the port variants Twilio's own validators accept and with
 * the current or the secondary auth token; and refuses a delivery whose {@code I-Twilio-Idempotency-Token} was
 * already handled. Every {@code /twilio/**} endpoint goes through {@link #verifiedParams}.
 */
public final class SignatureCheck {

    static final String SIGNATURE = "X-Twilio-Signature";
    static final String IDEMPOTENCY_TOKEN = "I-Twilio-Idempotency-Token";
    private static final Logger LOG = LoggerFactory.getLogger(SignatureCheck.class);
    private static final int MAX_TOKEN_LENGTH = 512;

    private final TwilioSignatures signatures;
    private final String publicUrl;
    private final ReplayGuard replays;
    private final Meters meters;

    public SignatureCheck(String authToken, String publicUrl) {
        this(List.of(authToken), publicUrl, ReplayGuard.NONE, Meters.NONE);
    }

    /** @param authTokens the current auth token, then optionally the secondary one (either validates) */
    public SignatureCheck(List<String> authTokens, String publicUrl, ReplayGuard replays, Meters meters) {
        this.signatures = new TwilioSignatures(authTokens);
        this.publicUrl = TwilioSignatures.withoutFragment(publicUrl).replaceAll("/+$", "");
        this.replays = replays;
        this.meters = meters;
    }

    /**
     * Counts a verified webhook's result ({@code ok} or {@code unknown_sid}) in {@code switchboard_callbacks_total};
     * forged and replayed deliveries are counted here already.
     */
    public void count(String defaultPath, String result) {
        meters.callback(endpoint(defaultPath), result);
    }

    /** A low-cardinality label for a webhook path: {@code status}, {@code voice_menu} (menu names left out), …. */
    static String endpoint(String path) {
        String p = path == null ? "" : path.replaceFirst("^/twilio/", "");
        if (p.matches("voice/menu/[^/]+/choice")) {
            return "voice_choice";
        }
        if (p.startsWith("voice/menu")) {
            return "voice_menu";
        }
        return switch (p) {
            case "status", "inbound", "voice/status", "voice/incoming", "voice/recording" -> p.replace('/', '_');
            default -> "other";
        };
    }

    /** The URL Twilio signed: public base (without fragment) + path + raw query string. */
    public String signedUrl(String path, String rawQuery) {
        return publicUrl + path + (rawQuery == null || rawQuery.isEmpty() ? "" : "?" + rawQuery);
    }

    /**
     * The webhook's parameters when its signature is valid and it was not handled before. Otherwise it answers
     * (403 for a wrong signature, 200 with an empty response for a replay), the caller changes nothing, and the
     * result is empty. A JSON webhook ({@code bodySHA256} in the query) yields the JSON object's top-level values.
     */
    public Optional<Map<String, String>> verifiedParams(Exchange exchange, String defaultPath) {
        return verified(exchange, defaultPath, true, true).map(Verified::params);
    }

    /** A verified webhook and its {@code I-Twilio-Idempotency-Token} (null when it has none, or a useless one). */
    public record Verified(Map<String, String> params, String token) {
    }

    /**
     * As {@link #verifiedParams}, but the caller records the token itself, in the transaction that handles the
     * webhook (see {@code StatusStore.apply(report, source, token)}), then calls {@link #recorded}.
     */
    public Optional<Verified> verifiedOnce(Exchange exchange, String defaultPath) {
        return verified(exchange, defaultPath, true, false);
    }

    /** The handler committed the webhook with its token. */
    public void recorded(Verified webhook) {
        if (webhook.token() != null) {
            replays.rememberedInTransaction();
        }
    }

    /**
     * As {@link #verifiedParams}, without refusing replays: for webhooks that answer the same TwiML every time
     * and change nothing twice (IVR menus; recordings are stored by their SID). Twilio retries such a webhook
     * when it did not get the answer in time, and an empty {@code <Response/>} would hang up on the caller.
     */
    public Optional<Map<String, String>> verifiedRepeatableParams(Exchange exchange, String defaultPath) {
        return verified(exchange, defaultPath, false, true).map(Verified::params);
    }

    private Optional<Verified> verified(Exchange exchange, String defaultPath, boolean refuseReplays,
                                        boolean rememberAfter) {
        var in = exchange.getMessage();
        String path = in.getHeader(Exchange.HTTP_PATH, defaultPath, String.class);
        String rawQuery = in.getHeader(Exchange.HTTP_RAW_QUERY, String.class);
        String signature = in.getHeader(SIGNATURE, String.class);
        String url = signedUrl(path, rawQuery);
        boolean json = rawQuery != null && rawQuery.matches("(?s)(.*&)?bodySHA256=.*");
        Map<String, String> params;
        boolean valid;
        if (json) {
            byte[] body = in.getBody(byte[].class);
            valid = signatures.validJson(url, body, signature);
            params = valid ? jsonParams(body) : Map.of();
        } else {
            params = FormParams.of(in.getBody());
            valid = signatures.validForm(url, params, signature);
        }
        if (!valid) {
            meters.callback(endpoint(defaultPath), "forged");
            LOG.warn("Rejected a webhook to {} with a missing or wrong X-Twilio-Signature", path);
            TwimlReply.text(exchange, 403, "forbidden: X-Twilio-Signature does not match");
            return Optional.empty();
        }
        String token = in.getHeader(IDEMPOTENCY_TOKEN, String.class);
        if (refuseReplays && token != null && !token.isBlank() && token.length() <= MAX_TOKEN_LENGTH) {
            if (replays.seen(token)) {
                meters.callback(endpoint(defaultPath), "replay");
                LOG.info("Ignored a webhook to {} already handled (same I-Twilio-Idempotency-Token)", path);
                TwimlReply.xml(exchange, new MessagingResponse.Builder().build().toXml());
                return Optional.empty();
            }
            if (!rememberAfter) {
                return Optional.of(new Verified(params, token));
            }
            exchange.getExchangeExtension().addOnCompletion(rememberWhenHandled(token));
        }
        return Optional.of(new Verified(params, null));
    }

    /** Signature check alone (no replay check), for a URL made of the public base, a path and a raw query. */
    public boolean valid(String path, String rawQuery, Map<String, String> params, String signature) {
        return signatures.validForm(signedUrl(path, rawQuery), params, signature);
    }

    // Remembered only once the webhook was handled: a delivery that failed (database down) may be retried.
    private SynchronizationAdapter rememberWhenHandled(String token) {
        return new SynchronizationAdapter() {
            @Override
            public void onComplete(Exchange done) {
                Integer status = done.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
                if (done.getException() == null && (status == null || status < 300)) {
                    try {
                        replays.remember(token);
                    } catch (RuntimeException e) {
                        LOG.warn("Could not remember a webhook's idempotency token: {}", e.getMessage());
                    }
                }
            }
        };
    }

    private static Map<String, String> jsonParams(byte[] body) {
        Map<String, String> params = new LinkedHashMap<>();
        JsonNode node = SafeJson.readOrNull(body);
        if (node != null && node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if (e.getValue().isValueNode() && !e.getValue().isNull()) {
                    params.put(e.getKey(), e.getValue().asText());
                }
            });
        }
        return params;
    }
}
