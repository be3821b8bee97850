package dev.switchboard.voice;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.sandbox.IvrWalker;
import dev.switchboard.store.CallStore;
import dev.switchboard.testing.Backend;
import dev.switchboard.testing.Json;
import dev.switchboard.testing.RunningSwitchboard;
import dev.switchboard.testing.TwilioWebhooks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.InputSource;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Walks the sample menus in ivr/ like a caller, through the sandbox's IVR walker, on real PostgreSQL. */
class IvrWalkIT {

    private static RunningSwitchboard sb;

    @BeforeAll
    static void start() {
        sb = RunningSwitchboard.start(Backend.POSTGRES.freshDatabase("ivr_walk"));
    }

    @AfterAll
    static void stop() {
        sb.close();
    }

    private static String url(String path) {
        return "http://localhost:" + sb.port() + path; // the public URL, which signatures are checked against
    }

    private static IvrWalker.Walk walk(String path, String... inputs) {
        return sb.sandbox().walkIvr(url(path), List.of(inputs));
    }

    @Test
    void digits_hear_the_opening_hours_return_to_the_menu_and_hang_up() {
        IvrWalker.Walk w = walk("/twilio/voice/incoming", "1", "0");

        assertThat(w.ended()).isEqualTo("hangup");
        assertThat(w.transcript()).containsSubsequence(
                "say: Welcome to Acme. For opening hours, press 1 or say hours. For sales, press 2 or say sales."
                        + " For support, press 3 or say support. To leave a message, press 9. To end this call, press 0.",
                "press: 1", "say: We are open from nine to five, Monday to Friday.", "press: 0", "say: Goodbye.", "hangup");
        assertThat(w.menus()).containsExactly("main");
    }

    @Test
    void speech_reaches_support_and_a_digit_there_dials_the_order_desk() {
        IvrWalker.Walk w = walk("/twilio/voice/incoming", "I need support please", "1");

        assertThat(w.ended()).isEqualTo("dial");
        assertThat(w.transcript()).containsSubsequence("speak: I need support please",
                "say: Support. For an order, press 1. To go back, press star.", "press: 1",
                "say: Connecting you to the order desk.", "dial: +14155550124");
        assertThat(w.menus()).containsExactly("support");
    }

    @Test
    void sales_is_dialled_with_the_configured_caller_id() {
        IvrWalker.Walk w = walk("/twilio/voice/menu/main", "sales");

        assertThat(w.ended()).isEqualTo("dial");
        assertThat(w.transcript()).contains("dial: +14155550123 (caller ID +15005550006)");
    }

    @Test
    void no_input_repeats_the_prompt_twice_then_says_goodbye() {
        IvrWalker.Walk w = walk("/twilio/voice/incoming");

        assertThat(w.ended()).isEqualTo("hangup");
        assertThat(w.transcript().stream().filter("(no input)"::equals).count()).isEqualTo(3);
        assertThat(w.transcript()).endsWith("say: We did not hear a choice. Goodbye.", "hangup");
        assertThat(w.requests()).containsSubsequence(url("/twilio/voice/menu/main?attempt=1"),
                url("/twilio/voice/menu/main?attempt=2"));
    }

    @Test
    void a_word_is_not_heard_by_a_digits_only_menu() {
        IvrWalker.Walk w = walk("/twilio/voice/menu/support", "order", "*", "0");

        assertThat(w.transcript()).containsSubsequence("(no input)", "press: *", "press: 0", "hangup");
        assertThat(w.menus()).containsExactly("support", "support", "main");
    }

    @Test
    void an_invalid_digit_is_answered_politely_and_the_menu_asked_again() {
        IvrWalker.Walk w = walk("/twilio/voice/incoming", "7", "0");

        assertThat(w.ended()).isEqualTo("hangup");
        assertThat(w.transcript()).containsSubsequence("press: 7", "say: Sorry, that is not one of the choices.",
                "press: 0", "say: Goodbye.");
        assertThat(w.requests()).contains(url("/twilio/voice/menu/main?attempt=1"));
    }

    @Test
    void an_unknown_menu_is_answered_politely_and_routed_to_the_default_menu() {
        IvrWalker.Walk w = walk("/twilio/voice/menu/nope", "0");

        assertThat(w.transcript()).containsSubsequence("say: Sorry, that menu is not available.", "press: 0", "hangup");
        assertThat(w.menus()).containsExactly("nope", "main");
    }

    @Test
    void the_support_menu_falls_back_to_main_when_nobody_answers() {
        IvrWalker.Walk w = walk("/twilio/voice/menu/support", "timeout", "timeout", "0");

        assertThat(w.menus()).containsExactly("support", "support", "main");
        assertThat(w.ended()).isEqualTo("hangup");
    }

    @Test
    void a_voicemail_is_recorded_and_stored_with_the_call_with_its_transcription() {
        IvrWalker.Walk w = walk("/twilio/voice/incoming", "9");

        assertThat(w.ended()).isEqualTo("hangup");
        assertThat(w.transcript()).containsSubsequence("press: 9",
                "say: Please leave your message after the tone, then hang up.", "record: up to 120 s, transcribed",
                "recording callback: HTTP 200", "transcription callback: HTTP 200",
                "say: Thank you, your message has been recorded. Goodbye.", "hangup");
        CallStore calls = sb.context().getRegistry().lookupByNameAndType("callStore", CallStore.class);
        List<CallStore.Recording> recordings = calls.recordingsOfCall(w.callSid());
        assertThat(recordings).hasSize(1);
        CallStore.Recording r = recordings.get(0);
        assertThat(r.url()).contains("/Recordings/RE");
        assertThat(r.durationSeconds()).isEqualTo(7);
        assertThat(r.status()).isEqualTo("completed");
        assertThat(r.transcription()).isEqualTo("Hello, this is a test voicemail from the sandbox.");
        assertThat(r.transcriptionStatus()).isEqualTo("completed");
    }

    @Test
    void the_menu_twiml_is_well_formed_and_gathers_as_configured() throws Exception {
        HttpResponse<String> r = TwilioWebhooks.postSigned(sb, "/twilio/voice/menu/main", Map.of("CallSid", "CA1"));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/xml"));
        Element response = xml(r.body()).getDocumentElement();
        assertThat(response.getTagName()).isEqualTo("Response");
        Element gather = (Element) response.getElementsByTagName("Gather").item(0);
        assertThat(gather.getAttribute("input")).isEqualTo("dtmf speech");
        assertThat(gather.getAttribute("numDigits")).isEqualTo("1");
        assertThat(gather.getAttribute("timeout")).isEqualTo("5");
        assertThat(gather.getAttribute("method")).isEqualTo("POST");
        assertThat(gather.getAttribute("action")).isEqualTo(url("/twilio/voice/menu/main/choice"));
        assertThat(gather.getAttribute("hints")).isEqualTo("hours, sales, support, message");
        Element say = (Element) gather.getElementsByTagName("Say").item(0);
        assertThat(say.getAttribute("voice")).isEqualTo("Polly.Joanna");
        assertThat(say.getAttribute("language")).isEqualTo("en-US");
        Element redirect = (Element) response.getElementsByTagName("Redirect").item(0);
        assertThat(redirect.getTextContent()).isEqualTo(url("/twilio/voice/menu/main?attempt=1"));
        assertThat(redirect.getParentNode()).isSameAs(response);
    }

    @Test
    void a_twilio_retry_of_a_menu_webhook_gets_the_same_menu_not_an_empty_response_that_hangs_up() {
        Map<String, String> params = Map.of("CallSid", "CA-retry", "Digits", "1");
        HttpResponse<String> first = TwilioWebhooks.postSigned(sb, "/twilio/voice/menu/main/choice", params,
                "idem-ivr-retry-1");
        HttpResponse<String> retry = TwilioWebhooks.postSigned(sb, "/twilio/voice/menu/main/choice", params,
                "idem-ivr-retry-1");

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).contains("<Say");
        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(retry.body()).isEqualTo(first.body());
    }

    @Test
    void a_choice_for_an_unknown_menu_is_polite_twiml_not_an_error() throws Exception {
        HttpResponse<String> r = TwilioWebhooks.postSigned(sb, "/twilio/voice/menu/ghost/choice",
                Map.of("CallSid", "CA2", "Digits", "1"));

        assertThat(r.statusCode()).isEqualTo(200);
        Element response = xml(r.body()).getDocumentElement();
        assertThat(response.getElementsByTagName("Say").item(0).getTextContent()).isEqualTo("Sorry, that menu is not available.");
        assertThat(response.getElementsByTagName("Redirect").item(0).getTextContent()).isEqualTo(url("/twilio/voice/menu/main"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/twilio/voice/incoming", "/twilio/voice/status", "/twilio/voice/menu/main",
            "/twilio/voice/menu/main/choice", "/twilio/voice/recording"})
    void forged_voice_webhooks_are_refused_with_403(String path) {
        Map<String, String> params = Map.of("CallSid", "CA3", "Digits", "9", "RecordingSid", "RE1",
                "RecordingUrl", "https://evil.example.com/r");
        String signedForAnotherToken = dev.switchboard.sandbox.TwilioSignature.sign("wrong-token", url(path), params);

        assertThat(TwilioWebhooks.post(sb, path, params, signedForAnotherToken).statusCode()).isEqualTo(403);
        assertThat(TwilioWebhooks.post(sb, path, params, null).statusCode()).isEqualTo(403);
        CallStore calls = sb.context().getRegistry().lookupByNameAndType("callStore", CallStore.class);
        assertThat(calls.recordingsOfCall("CA3")).isEmpty();
    }

    @Test
    void the_sandbox_walks_over_http_too() {
        String body = "{\"url\":\"" + url("/twilio/voice/incoming") + "\",\"inputs\":[\"hours\",\"0\"]}";
        HttpResponse<String> r = sb.send(HttpRequest.newBuilder(URI.create(sb.sandbox().baseUrl() + "/sandbox/ivr/walk"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode walk = Json.parse(r.body());
        assertThat(walk.get("ended").asText()).isEqualTo("hangup");
        assertThat(walk.get("transcript").toString()).contains("speak: hours", "We are open from nine to five");
    }

    private static Document xml(String twiml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new InputSource(new StringReader(twiml)));
    }
}
