package dev.switchboard.callback;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.sandbox.TwilioSignature;
import dev.switchboard.store.StatusStore;
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
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code POST /twilio/status} on real PostgreSQL. Switchboard's public URL differs from the address the
 * test posts to, as behind a proxy: signatures must be checked against the public one.
 */
class StatusCallbackIT {

    private static final String PUBLIC = "https://gateway.example.com";
    private static RunningSwitchboard sb;
    private static String token;

    @BeforeAll
    static void start() {
        Map<String, String> settings = new HashMap<>(Backend.POSTGRES.freshDatabase("status_callbacks"));
        settings.put("switchboard.public.url", PUBLIC);
        sb = RunningSwitchboard.start(settings);
        token = sb.sandbox().config().authToken();
    }

    @AfterAll
    static void stop() {
        sb.close();
    }

    @Test
    void status_never_moves_backwards_and_every_callback_is_kept_once() {
        String[] msg = sentMessage("out of order");

        assertThat(callback(msg[1], "delivered", PUBLIC + "/twilio/status").statusCode()).isEqualTo(200);
        assertThat(callback(msg[1], "sent", PUBLIC + "/twilio/status").statusCode()).isEqualTo(200);
        assertThat(callback(msg[1], "sent", PUBLIC + "/twilio/status").statusCode()).isEqualTo(200); // a replay

        JsonNode m = message(msg[0]);
        assertThat(m.get("status").asText()).isEqualTo("delivered");
        assertThat(events(m)).containsExactly("accepted:true", "queued:true", "delivered:true", "sent:false");
    }

    @Test
    void forged_signature_is_403_and_changes_nothing() {
        String[] msg = sentMessage("forged");
        int before = message(msg[0]).get("events").size();
        Map<String, String> params = params(msg[1], "failed");

        HttpResponse<String> wrongToken = post(params, TwilioSignature.sign("not-the-token", PUBLIC + "/twilio/status", params));
        HttpResponse<String> missing = post(params, null);
        HttpResponse<String> tampered = post(withStatus(params, "undelivered"),
                TwilioSignature.sign(token, PUBLIC + "/twilio/status", params));
        // Signed for the URL the server sees, not the public one Twilio was given.
        HttpResponse<String> internalUrl = post(params, TwilioSignature.sign(token, sb.url("/twilio/status"), params));

        assertThat(wrongToken.statusCode()).isEqualTo(403);
        assertThat(missing.statusCode()).isEqualTo(403);
        assertThat(tampered.statusCode()).isEqualTo(403);
        assertThat(internalUrl.statusCode()).isEqualTo(403);
        JsonNode m = message(msg[0]);
        assertThat(m.get("status").asText()).isEqualTo("queued");
        assertThat(m.get("events").size()).isEqualTo(before);
    }

    @Test
    void signature_with_the_default_port_added_is_accepted_like_twilio_does() {
        String[] msg = sentMessage("port variant");

        HttpResponse<String> r = callback(msg[1], "sent", "https://gateway.example.com:443/twilio/status");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(message(msg[0]).get("status").asText()).isEqualTo("sent");
    }

    @Test
    void failed_callback_stores_twilio_error_code_and_message() {
        String[] msg = sentMessage("will fail");
        Map<String, String> params = params(msg[1], "undelivered");
        params.put("ErrorCode", "30003");

        assertThat(post(params, TwilioSignature.sign(token, PUBLIC + "/twilio/status", params)).statusCode()).isEqualTo(200);

        JsonNode m = message(msg[0]);
        assertThat(m.get("status").asText()).isEqualTo("undelivered");
        assertThat(m.get("errorCode").asInt()).isEqualTo(30003);
        assertThat(m.get("errorMessage").asText()).contains("30003").containsIgnoringCase("unreachable");
    }

    @Test
    void unregistered_sender_in_a_callback_raises_one_alert_for_that_sender() {
        dev.switchboard.consent.SenderAlerts alerts = sb.context().getRegistry()
                .lookupByNameAndType("senderAlerts", dev.switchboard.consent.SenderAlerts.class);
        for (String body : new String[] {"10dlc one", "10dlc two"}) {
            String[] msg = sentMessage(body);
            Map<String, String> params = params(msg[1], "failed");
            params.put("ErrorCode", "30034");
            assertThat(post(params, TwilioSignature.sign(token, PUBLIC + "/twilio/status", params)).statusCode()).isEqualTo(200);
            assertThat(message(msg[0]).get("errorCode").asInt()).isEqualTo(30034);
        }

        assertThat(alerts.count("+15005550006", 30034)).isEqualTo(2);
    }

    @Test
    void unknown_message_sid_is_200_and_kept_for_inspection() {
        StatusStore statuses = sb.context().getRegistry().lookupByNameAndType("statusStore", StatusStore.class);
        long before = statuses.orphanCount();

        HttpResponse<String> r = callback("SM" + "f".repeat(32), "delivered", PUBLIC + "/twilio/status");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(statuses.orphanCount()).isEqualTo(before + 1);
    }

    /** Submits a message and waits until Twilio (the sandbox) has given it a SID; returns {id, sid}. */
    private static String[] sentMessage(String body) {
        String id = Json.parse(sb.postMessage("{\"to\":\"+14155550100\",\"body\":\"" + body + "\"}").body()).get("id").asText();
        JsonNode m = await().atMost(Duration.ofSeconds(10)).until(() -> message(id), j -> !j.get("twilioSid").isNull());
        return new String[] {id, m.get("twilioSid").asText()};
    }

    private static JsonNode message(String id) {
        return Json.parse(sb.get("/api/v1/messages/" + id).body());
    }

    private static java.util.List<String> events(JsonNode m) {
        java.util.List<String> out = new java.util.ArrayList<>();
        m.get("events").forEach(e -> out.add(e.get("status").asText() + ":" + e.get("applied").asBoolean()));
        return out;
    }

    private static Map<String, String> params(String sid, String status) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("AccountSid", sb.sandbox().config().accountSid());
        p.put("ApiVersion", "2010-04-01");
        p.put("MessageSid", sid);
        p.put("SmsSid", sid);
        p.put("MessageStatus", status);
        p.put("SmsStatus", status);
        p.put("To", "+14155550100");
        p.put("From", "+15005550006");
        return p;
    }

    private static Map<String, String> withStatus(Map<String, String> params, String status) {
        Map<String, String> copy = new LinkedHashMap<>(params);
        copy.put("MessageStatus", status);
        return copy;
    }

    private static HttpResponse<String> callback(String sid, String status, String signedUrl) {
        Map<String, String> p = params(sid, status);
        return post(p, TwilioSignature.sign(token, signedUrl, p));
    }

    private static HttpResponse<String> post(Map<String, String> params, String signature) {
        String form = params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sb.url("/twilio/status")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (signature != null) {
            b.header("X-Twilio-Signature", signature);
        }
        return sb.send(b.build());
    }
}
