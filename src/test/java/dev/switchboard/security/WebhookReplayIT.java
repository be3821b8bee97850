package dev.switchboard.security;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.sandbox.TwilioSignature;
import dev.switchboard.testing.Backend;
import dev.switchboard.testing.Json;
import dev.switchboard.testing.RunningSwitchboard;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static dev.switchboard.testing.ConsentApi.consent;
import static dev.switchboard.testing.ConsentApi.uniquePhone;
import static dev.switchboard.testing.TwilioWebhooks.inbound;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The real webhook endpoints behind a proxy that shifts scheme, host and path prefix, on PostgreSQL: signatures are
 * checked against the public URL, and a delivery whose I-Twilio-Idempotency-Token was handled before changes nothing.
 */
class WebhookReplayIT {

    private static final String PUBLIC = "https://gw.example.com/switchboard";
    private static RunningSwitchboard sb;
    private static String token;

    @BeforeAll
    static void start() {
        Map<String, String> settings = new HashMap<>(Backend.POSTGRES.freshDatabase("webhook_replays"));
        settings.put("switchboard.public.url", PUBLIC);
        sb = RunningSwitchboard.start(settings);
        token = sb.sandbox().config().authToken();
    }

    @AfterAll
    static void stop() {
        sb.close();
    }

    @Test
    void signatures_are_checked_against_the_public_url_with_its_path_prefix() {
        String[] msg = sentMessage("proxy");
        Map<String, String> params = status(msg[1], "sent");

        assertThat(post("/twilio/status", params, sign("https://gw.example.com/twilio/status", params), null).statusCode())
                .isEqualTo(403);
        assertThat(post("/twilio/status", params, sign(sb.url("/twilio/status"), params), null).statusCode()).isEqualTo(403);
        assertThat(message(msg[0]).get("status").asText()).isEqualTo("queued");

        assertThat(post("/twilio/status", params, sign(PUBLIC + "/twilio/status", params), null).statusCode()).isEqualTo(200);
        assertThat(message(msg[0]).get("status").asText()).isEqualTo("sent");
    }

    @Test
    void a_status_callback_replayed_with_a_seen_token_changes_nothing_even_with_other_content() {
        String[] msg = sentMessage("replayed status");
        String seen = UUID.randomUUID().toString();
        Map<String, String> delivered = status(msg[1], "delivered");
        assertThat(postPublic("/twilio/status", delivered, seen).statusCode()).isEqualTo(200);
        int events = message(msg[0]).get("events").size();

        Map<String, String> failed = status(msg[1], "undelivered");
        failed.put("ErrorCode", "30003");
        HttpResponse<String> replay = postPublic("/twilio/status", failed, seen);

        assertThat(replay.statusCode()).isEqualTo(200);
        JsonNode m = message(msg[0]);
        assertThat(m.get("status").asText()).isEqualTo("delivered");
        assertThat(m.get("events").size()).isEqualTo(events);
    }

    @Test
    void an_inbound_keyword_replayed_with_a_seen_token_changes_no_consent() {
        String phone = uniquePhone("301");
        String seen = UUID.randomUUID().toString();
        assertThat(postPublic("/twilio/inbound", inbound(sid(), phone, "+15005550006", "STOP"), seen).statusCode())
                .isEqualTo(200);

        HttpResponse<String> replay = postPublic("/twilio/inbound", inbound(sid(), phone, "+15005550006", "START"), seen);

        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(replay.body()).contains("<Response").doesNotContain("<Message");
        assertThat(consent(sb, phone).get("channels").get("sms").get("state").asText()).isEqualTo("opted_out");
        // A new delivery (new token) is handled.
        postPublic("/twilio/inbound", inbound(sid(), phone, "+15005550006", "START"), UUID.randomUUID().toString());
        assertThat(consent(sb, phone).get("channels").get("sms").get("state").asText()).isEqualTo("opted_in");
    }

    @Test
    void a_delivery_that_was_refused_is_not_remembered_so_its_retry_is_handled() {
        String[] msg = sentMessage("retried after 400");
        String retried = UUID.randomUUID().toString();
        Map<String, String> incomplete = status(msg[1], "sent");
        incomplete.remove("MessageStatus");
        incomplete.remove("SmsStatus");
        assertThat(postPublic("/twilio/status", incomplete, retried).statusCode()).isEqualTo(400);

        assertThat(postPublic("/twilio/status", status(msg[1], "sent"), retried).statusCode()).isEqualTo(200);

        assertThat(message(msg[0]).get("status").asText()).isEqualTo("sent");
    }

    @Test
    void a_forged_delivery_does_not_burn_the_token_of_the_real_one() {
        String[] msg = sentMessage("forged first");
        String tokenOfReal = UUID.randomUUID().toString();
        Map<String, String> params = status(msg[1], "delivered");
        assertThat(post("/twilio/status", params, sign(PUBLIC + "/twilio/status", status(msg[1], "failed")), tokenOfReal)
                .statusCode()).isEqualTo(403);

        assertThat(postPublic("/twilio/status", params, tokenOfReal).statusCode()).isEqualTo(200);

        assertThat(message(msg[0]).get("status").asText()).isEqualTo("delivered");
    }

    private static String sid() {
        return "SM" + UUID.randomUUID().toString().replace("-", "");
    }

    private static String[] sentMessage(String body) {
        String id = Json.parse(sb.postMessage("{\"to\":\"+14155550100\",\"body\":\"" + body + "\"}").body()).get("id").asText();
        JsonNode m = await().atMost(Duration.ofSeconds(10)).until(() -> message(id), j -> !j.get("twilioSid").isNull());
        return new String[] {id, m.get("twilioSid").asText()};
    }

    private static JsonNode message(String id) {
        return Json.parse(sb.get("/api/v1/messages/" + id).body());
    }

    private static Map<String, String> status(String sid, String status) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("AccountSid", sb.sandbox().config().accountSid());
        p.put("MessageSid", sid);
        p.put("MessageStatus", status);
        p.put("SmsStatus", status);
        p.put("To", "+14155550100");
        p.put("From", "+15005550006");
        return p;
    }

    private static String sign(String url, Map<String, String> params) {
        return TwilioSignature.sign(token, url, params);
    }

    private static HttpResponse<String> postPublic(String path, Map<String, String> params, String idempotencyToken) {
        return post(path, params, sign(PUBLIC + path, params), idempotencyToken);
    }

    private static HttpResponse<String> post(String path, Map<String, String> params, String signature,
                                             String idempotencyToken) {
        String form = params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sb.url(path)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Twilio-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (idempotencyToken != null) {
            b.header("I-Twilio-Idempotency-Token", idempotencyToken);
        }
        return sb.send(b.build());
    }
}
