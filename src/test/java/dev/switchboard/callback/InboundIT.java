package dev.switchboard.callback;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.sandbox.TwilioSignature;
import dev.switchboard.testing.Backend;
import dev.switchboard.testing.Json;
import dev.switchboard.testing.RunningSwitchboard;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Element;
import org.xml.sax.InputSource;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.switchboard.testing.ConsentApi.consent;
import static dev.switchboard.testing.ConsentApi.history;
import static dev.switchboard.testing.ConsentApi.message;
import static dev.switchboard.testing.ConsentApi.sandboxCreatedFor;
import static dev.switchboard.testing.ConsentApi.state;
import static dev.switchboard.testing.ConsentApi.uniquePhone;
import static dev.switchboard.testing.TwilioWebhooks.inbound;
import static dev.switchboard.testing.TwilioWebhooks.post;
import static dev.switchboard.testing.TwilioWebhooks.postSigned;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code POST /twilio/inbound} on real PostgreSQL: keywords change consent once, and only when Twilio signed them. */
class InboundIT {

    // An ampersand too: the help text must be escaped in the TwiML, not break it.
    private static final String HELP_TEXT = "Acme alerts: reply STOP to opt out & HELP for help.";
    private static final String OUR_NUMBER = "+15005550006";
    private static final AtomicInteger SIDS = new AtomicInteger();
    private static RunningSwitchboard sb;

    @BeforeAll
    static void start() {
        Map<String, String> settings = new HashMap<>(Backend.POSTGRES.freshDatabase("inbound_keywords"));
        settings.put("switchboard.inbound.help-text", HELP_TEXT);
        sb = RunningSwitchboard.start(settings);
    }

    @AfterAll
    static void stop() {
        sb.close();
    }

    @ParameterizedTest(name = "\"{0}\" opts out of sms")
    @CsvSource(delimiter = '|', value = {
            "STOP | stop", "stop | stop", "Stop. | stop", "' stop! ' | stop",
            "STOPALL | stopall", "StopAll? | stopall", "UNSUBSCRIBE | unsubscribe", "'\tUnsubscribe.' | unsubscribe",
            "CANCEL | cancel", "cancel!! | cancel", "END | end", "End. | end", "QUIT | quit", "' Quit ' | quit",
            "REVOKE | revoke", "revoke! | revoke", "OPTOUT | optout", "OptOut. | optout",
            "\u201CStop\u201D | stop"}) // smart quotes, as phones type them
    void opt_out_keyword_opts_the_sender_out_of_sms_with_an_empty_twiml_reply(String body, String keyword) {
        String phone = uniquePhone("201");

        HttpResponse<String> r = sms(phone, body);

        assertThat(r.statusCode()).isEqualTo(200);
        assertEmptyResponse(r);
        JsonNode sms = consent(sb, phone).get("channels").get("sms");
        assertThat(sms.get("state").asText()).isEqualTo("opted_out");
        assertThat(sms.get("source").asText()).isEqualTo("keyword");
        assertThat(sms.get("keyword").asText()).isEqualTo(keyword);
        assertThat(sms.get("sender").asText()).isEqualTo(OUR_NUMBER);
        assertThat(history(sb, phone)).containsExactly("sms:opted_out:keyword:" + keyword);
    }

    @ParameterizedTest(name = "{0} opts back in after STOP")
    @ValueSource(strings = {"START", "yes", "Unstop."})
    void opt_in_keyword_after_stop_opts_back_in_and_history_keeps_both_in_order(String body) {
        String phone = uniquePhone("202");
        sms(phone, "STOP");

        HttpResponse<String> r = sms(phone, body);

        assertThat(r.statusCode()).isEqualTo(200);
        assertEmptyResponse(r);
        assertThat(state(sb, phone, "sms")).isEqualTo("opted_in");
        String word = body.replace(".", "").toLowerCase();
        assertThat(history(sb, phone)).containsExactly("sms:opted_out:keyword:stop", "sms:opted_in:keyword:" + word);
    }

    @ParameterizedTest(name = "\"{0}\" gets the help text")
    @ValueSource(strings = {"HELP", "info", "Help?"})
    void help_keyword_is_answered_with_the_configured_help_text_and_changes_no_consent(String body) {
        String phone = uniquePhone("203");

        HttpResponse<String> fresh = sms(phone, body);
        sms(phone, "STOP");
        HttpResponse<String> afterStop = sms(phone, body);

        assertThat(helpBody(fresh)).isEqualTo(HELP_TEXT);
        assertThat(helpBody(afterStop)).isEqualTo(HELP_TEXT);
        assertThat(state(sb, phone, "sms")).isEqualTo("opted_out");
        assertThat(history(sb, phone)).containsExactly("sms:opted_out:keyword:stop");
    }

    @ParameterizedTest(name = "\"{0}\" is not a keyword")
    @ValueSource(strings = {"please stop texting", "stop it", "STOPP", "", "S T O P", "stop stop", "STOP STOP"})
    void look_alikes_of_keywords_change_nothing(String body) {
        String phone = uniquePhone("204");

        HttpResponse<String> r = sms(phone, body);

        assertThat(r.statusCode()).isEqualTo(200);
        assertEmptyResponse(r);
        JsonNode c = consent(sb, phone);
        assertThat(c.get("channels").get("sms").get("source").asText()).isEqualTo("default");
        assertThat(c.get("history")).isEmpty();
    }

    @Test
    void forged_or_unsigned_stop_is_403_and_changes_no_consent() {
        String phone = uniquePhone("205");
        Map<String, String> params = inbound(nextSid(), phone, OUR_NUMBER, "STOP");
        String url = "http://localhost:" + sb.port() + "/twilio/inbound";
        Map<String, String> harmless = inbound(params.get("MessageSid"), phone, OUR_NUMBER, "hello");
        String token = sb.sandbox().config().authToken();

        HttpResponse<String> wrongToken = post(sb, "/twilio/inbound", params, TwilioSignature.sign("not-the-token", url, params));
        HttpResponse<String> missing = post(sb, "/twilio/inbound", params, null);
        HttpResponse<String> tampered = post(sb, "/twilio/inbound", params, TwilioSignature.sign(token, url, harmless));

        assertThat(wrongToken.statusCode()).isEqualTo(403);
        assertThat(missing.statusCode()).isEqualTo(403);
        assertThat(tampered.statusCode()).isEqualTo(403);
        assertThat(consent(sb, phone).get("history")).isEmpty();
        // The same message, signed as Twilio would, is accepted: the refusals were about the signature.
        assertThat(postSigned(sb, "/twilio/inbound", params).statusCode()).isEqualTo(200);
        assertThat(state(sb, phone, "sms")).isEqualTo("opted_out");
    }

    @Test
    void the_same_inbound_message_posted_twice_changes_consent_once() {
        String phone = uniquePhone("206");
        Map<String, String> stop = inbound(nextSid(), phone, OUR_NUMBER, "STOP");

        HttpResponse<String> first = postSigned(sb, "/twilio/inbound", stop);
        HttpResponse<String> replay = postSigned(sb, "/twilio/inbound", stop);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(replay.statusCode()).isEqualTo(200);
        assertEmptyResponse(replay);
        assertThat(history(sb, phone)).containsExactly("sms:opted_out:keyword:stop");
    }

    @Test
    void a_replayed_stop_after_start_does_not_opt_out_again() {
        String phone = uniquePhone("207");
        Map<String, String> stop = inbound(nextSid(), phone, OUR_NUMBER, "STOP");
        postSigned(sb, "/twilio/inbound", stop);
        sms(phone, "START");

        assertThat(postSigned(sb, "/twilio/inbound", stop).statusCode()).isEqualTo(200); // Twilio's retry, late

        assertThat(state(sb, phone, "sms")).isEqualTo("opted_in");
        assertThat(history(sb, phone)).containsExactly("sms:opted_out:keyword:stop", "sms:opted_in:keyword:start");
    }

    @Test
    void whatsapp_stop_opts_out_of_whatsapp_only_and_sms_still_goes() {
        String phone = uniquePhone("208");

        HttpResponse<String> r = postSigned(sb, "/twilio/inbound",
                inbound(nextSid(), "whatsapp:" + phone, "whatsapp:+14155238886", "STOP"));

        assertThat(r.statusCode()).isEqualTo(200);
        assertEmptyResponse(r);
        assertThat(state(sb, phone, "whatsapp")).isEqualTo("opted_out");
        assertThat(state(sb, phone, "sms")).isEqualTo("opted_in");
        assertThat(history(sb, phone)).containsExactly("whatsapp:opted_out:keyword:stop");
        JsonNode accepted = Json.parse(sb.postMessage("{\"to\":\"" + phone + "\",\"body\":\"by sms\"}").body());
        assertThat(accepted.get("status").asText()).isEqualTo("accepted");
        await().atMost(Duration.ofSeconds(10)).until(() -> sandboxCreatedFor(sb, phone));
    }

    @Test
    void after_stop_a_new_message_is_suppressed_and_never_reaches_twilio() {
        String phone = uniquePhone("209");
        sms(phone, "Stop.");

        HttpResponse<String> r = sb.postMessage("{\"to\":\"" + phone + "\",\"body\":\"are you there?\"}");

        assertThat(r.statusCode()).isEqualTo(202);
        JsonNode answer = Json.parse(r.body());
        assertThat(answer.get("status").asText()).isEqualTo("suppressed");
        assertThat(answer.get("reason").asText()).isEqualTo("opted_out");
        // A message to someone who did not opt out, submitted after, does reach the sandbox meanwhile.
        String other = uniquePhone("209");
        sb.postMessage("{\"to\":\"" + other + "\",\"body\":\"control\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> sandboxCreatedFor(sb, other));
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> !sandboxCreatedFor(sb, phone));
        JsonNode stored = message(sb, answer.get("id").asText());
        assertThat(stored.get("status").asText()).isEqualTo("suppressed");
        assertThat(stored.get("attempts").asInt()).isZero();
    }

    private static HttpResponse<String> sms(String phone, String body) {
        HttpResponse<String> r = postSigned(sb, "/twilio/inbound", inbound(nextSid(), phone, OUR_NUMBER, body));
        assertThat(r.statusCode()).as("inbound %s from %s: %s", body, phone, r.body()).isEqualTo(200);
        return r;
    }

    private static String nextSid() {
        return "SM" + String.format("%032x", SIDS.incrementAndGet());
    }

    private static void assertEmptyResponse(HttpResponse<String> r) {
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/xml"));
        Element root = xml(r.body());
        assertThat(root.getTagName()).isEqualTo("Response");
        assertThat(root.getChildNodes().getLength()).as("children of <Response> in %s", r.body()).isZero();
    }

    private static String helpBody(HttpResponse<String> r) {
        assertThat(r.statusCode()).isEqualTo(200);
        Element root = xml(r.body());
        assertThat(root.getTagName()).isEqualTo("Response");
        assertThat(root.getElementsByTagName("Message").getLength()).isEqualTo(1);
        return root.getElementsByTagName("Body").item(0).getTextContent();
    }

    private static Element xml(String body) {
        try {
            return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(new InputSource(new StringReader(body))).getDocumentElement();
        } catch (Exception e) {
            throw new AssertionError("not XML: " + body, e);
        }
    }
}
