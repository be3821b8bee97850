package dev.switchboard.testing;

import dev.switchboard.sandbox.TwilioSignature;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

/** Posts Twilio-style form webhooks to a running Switchboard, signed as Twilio would sign them. */
public final class TwilioWebhooks {

    private TwilioWebhooks() {
    }

    /** Signed with the embedded sandbox's token for the URL Switchboard believes it is reached at. */
    public static HttpResponse<String> postSigned(RunningSwitchboard sb, String path, Map<String, String> params) {
        String token = sb.sandbox().config().authToken();
        String publicUrl = "http://localhost:" + sb.port() + path;
        return post(sb, path, params, TwilioSignature.sign(token, publicUrl, params));
    }

    /** As {@link #postSigned}, with an {@code I-Twilio-Idempotency-Token}: what a Twilio retry carries again. */
    public static HttpResponse<String> postSigned(RunningSwitchboard sb, String path, Map<String, String> params,
                                                  String idempotencyToken) {
        String token = sb.sandbox().config().authToken();
        String publicUrl = "http://localhost:" + sb.port() + path;
        return post(sb, path, params, TwilioSignature.sign(token, publicUrl, params),
                Map.of("I-Twilio-Idempotency-Token", idempotencyToken));
    }

    public static HttpResponse<String> post(RunningSwitchboard sb, String path, Map<String, String> params,
                                            String signature) {
        return post(sb, path, params, signature, Map.of());
    }

    private static HttpResponse<String> post(RunningSwitchboard sb, String path, Map<String, String> params,
                                             String signature, Map<String, String> headers) {
        String form = params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sb.url(path)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (signature != null) {
            b.header("X-Twilio-Signature", signature);
        }
        headers.forEach(b::header);
        return sb.send(b.build());
    }

    /** The parameters Twilio posts for an incoming message (SMS, or WhatsApp with whatsapp: addresses). */
    public static Map<String, String> inbound(String sid, String from, String to, String body) {
        return new java.util.LinkedHashMap<>(Map.of("MessageSid", sid, "SmsSid", sid, "AccountSid",
                "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "From", from, "To", to, "Body", body, "NumMedia", "0",
                "ApiVersion", "2010-04-01"));
    }
}
