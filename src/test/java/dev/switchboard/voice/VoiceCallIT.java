package dev.switchboard.voice;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.sandbox.TwilioSandbox;
import dev.switchboard.testing.Backend;
import dev.switchboard.testing.Json;
import dev.switchboard.testing.RunningSwitchboard;
import dev.switchboard.testing.TwilioWebhooks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.InputSource;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Outbound calls on real PostgreSQL against the sandbox's Calls.json: create, progress callbacks, retries. */
class VoiceCallIT {

    private static RunningSwitchboard sb;

    @BeforeAll
    static void start() {
        Map<String, String> settings = new HashMap<>(Backend.POSTGRES.freshDatabase("voice_calls"));
        settings.put("switchboard.voice.cps", "5");
        settings.put("switchboard.voice.retry-sweep-ms", "100");
        sb = RunningSwitchboard.start(settings);
    }

    @AfterAll
    static void stop() {
        sb.close();
    }

    @Test
    void a_say_call_is_placed_with_twiml_and_progress_callbacks_and_completes() throws Exception {
        TwilioSandbox twilio = sb.sandbox();
        int before = twilio.createdCallParams().size();
        String id = submit("{\"channel\":\"voice\",\"to\":\"+14155550100\",\"say\":\"Your order <42> & more\","
                + "\"voice\":\"Polly.Joanna\",\"language\":\"en-US\"}");

        JsonNode m = awaitStatus(id, "completed");

        Map<String, List<String>> sent = twilio.createdCallParams().get(before);
        assertThat(sent.get("To")).containsExactly("+14155550100");
        assertThat(sent.get("From")).containsExactly("+15005550006");
        assertThat(sent.get("StatusCallback")).containsExactly("http://localhost:" + sb.port() + "/twilio/voice/status");
        assertThat(sent.get("StatusCallbackEvent")).containsExactlyInAnyOrder("initiated", "ringing", "answered", "completed");
        assertThat(sent).doesNotContainKey("Url");
        Element say = (Element) xml(sent.get("Twiml").get(0)).getDocumentElement().getElementsByTagName("Say").item(0);
        assertThat(say.getTextContent()).isEqualTo("Your order <42> & more");
        assertThat(say.getAttribute("voice")).isEqualTo("Polly.Joanna");
        assertThat(say.getAttribute("language")).isEqualTo("en-US");
        assertThat(events(m)).containsExactly("accepted:true", "queued:true", "initiated:true", "ringing:true",
                "in-progress:true", "completed:true");
        assertThat(m.get("twilioSid").asText()).startsWith("CA");
        assertThat(m.get("channel").asText()).isEqualTo("voice");
    }

    @Test
    void an_ivr_call_redirects_into_the_menu_and_a_twiml_url_call_passes_the_url() throws Exception {
        TwilioSandbox twilio = sb.sandbox();
        int before = twilio.createdCallParams().size();
        String ivr = submit("{\"channel\":\"voice\",\"to\":\"+14155550101\",\"ivr\":\"main\"}");
        awaitStatus(ivr, "completed");
        String url = submit("{\"channel\":\"voice\",\"to\":\"+14155550102\",\"twimlUrl\":\"https://example.com/call.xml\"}");
        awaitStatus(url, "completed");

        List<Map<String, List<String>>> calls = twilio.createdCallParams().subList(before, before + 2);
        Map<String, List<String>> ivrCall = calls.stream().filter(c -> c.get("To").contains("+14155550101")).findFirst().orElseThrow();
        Map<String, List<String>> urlCall = calls.stream().filter(c -> c.get("To").contains("+14155550102")).findFirst().orElseThrow();
        Element redirect = (Element) xml(ivrCall.get("Twiml").get(0)).getElementsByTagName("Redirect").item(0);
        assertThat(redirect.getTextContent()).isEqualTo("http://localhost:" + sb.port() + "/twilio/voice/menu/main");
        assertThat(urlCall.get("Url")).containsExactly("https://example.com/call.xml");
        assertThat(urlCall).doesNotContainKey("Twiml");
    }

    @Test
    void a_busy_call_is_called_again_when_the_request_asks_and_the_old_calls_callbacks_stay_history() {
        sb.sandbox().queueCallOutcomes("+14155550103", "busy", "no-answer", "completed");
        String id = submit("{\"channel\":\"voice\",\"to\":\"+14155550103\",\"say\":\"hi\","
                + "\"retry\":{\"attempts\":2,\"after\":\"PT1S\"}}");

        JsonNode m = awaitStatus(id, "completed");

        List<String> events = events(m);
        assertThat(events).containsSubsequence("busy:true", "scheduled:true", "queued:true", "no-answer:true",
                "scheduled:true", "queued:true", "in-progress:true", "completed:true");
        assertThat(events.stream().filter(e -> e.startsWith("scheduled")).count()).isEqualTo(2);
    }

    @Test
    void a_busy_call_without_retry_stays_busy() {
        String id = submit("{\"channel\":\"voice\",\"to\":\"+15005550010\",\"say\":\"hi\"}");

        JsonNode m = awaitStatus(id, "busy");

        assertThat(events(m)).doesNotContain("scheduled:true");
    }

    @Test
    void a_late_callback_of_a_replaced_call_is_history_only() {
        sb.sandbox().queueCallOutcomes("+14155550104", "busy");
        String id = submit("{\"channel\":\"voice\",\"to\":\"+14155550104\",\"say\":\"hi\","
                + "\"retry\":{\"attempts\":1,\"after\":\"PT1S\"}}");
        JsonNode busy = await().atMost(Duration.ofSeconds(10)).until(() -> message(id),
                j -> events(j).contains("scheduled:true"));
        String oldSid = busy.get("events").findValuesAsText("detail").stream().filter(d -> d.startsWith("call CA"))
                .findFirst().orElseThrow().substring(5, 39);
        awaitStatus(id, "completed");

        Map<String, String> late = new LinkedHashMap<>();
        late.put("CallSid", oldSid);
        late.put("CallStatus", "ringing");
        late.put("AccountSid", sb.sandbox().config().accountSid());
        HttpResponse<String> r = TwilioWebhooks.postSigned(sb, "/twilio/voice/status", late);

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode m = message(id);
        assertThat(m.get("status").asText()).isEqualTo("completed");
        assertThat(events(m)).endsWith("ringing:false");
    }

    @Test
    void forged_call_status_callback_is_403_and_changes_nothing() {
        String id = submit("{\"channel\":\"voice\",\"to\":\"+14155550105\",\"say\":\"hi\"}");
        JsonNode m = awaitStatus(id, "completed");
        int events = m.get("events").size();
        Map<String, String> params = new LinkedHashMap<>(Map.of("CallSid", m.get("twilioSid").asText(),
                "CallStatus", "failed"));

        HttpResponse<String> r = TwilioWebhooks.post(sb, "/twilio/voice/status", params, "bm90IGEgc2lnbmF0dXJl");

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(message(id).get("events").size()).isEqualTo(events);
    }

    @Test
    void a_voicemail_left_on_a_placed_call_is_shown_with_its_message() {
        String id = submit("{\"channel\":\"voice\",\"to\":\"+14155550106\",\"ivr\":\"main\"}");
        String callSid = awaitStatus(id, "completed").get("twilioSid").asText();
        assertThat(message(id).get("recordings")).isEmpty();
        Map<String, String> recording = new LinkedHashMap<>();
        recording.put("AccountSid", sb.sandbox().config().accountSid());
        recording.put("CallSid", callSid);
        recording.put("RecordingSid", "RE0123456789abcdef0123456789abcdef");
        recording.put("RecordingUrl", "https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE0123456789abcdef0123456789abcdef");
        recording.put("RecordingDuration", "12");
        recording.put("RecordingStatus", "completed");

        assertThat(TwilioWebhooks.postSigned(sb, "/twilio/voice/recording", recording).statusCode()).isEqualTo(200);

        JsonNode shown = message(id).get("recordings");
        assertThat(shown).hasSize(1);
        assertThat(shown.get(0).get("recordingSid").asText()).isEqualTo("RE0123456789abcdef0123456789abcdef");
        assertThat(shown.get(0).get("callSid").asText()).isEqualTo(callSid);
        assertThat(shown.get(0).get("durationSeconds").asInt()).isEqualTo(12);
        assertThat(shown.get(0).get("status").asText()).isEqualTo("completed");
    }

    static String submit(String json) {
        HttpResponse<String> r = sb.postMessage(json);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return Json.parse(r.body()).get("id").asText();
    }

    static JsonNode awaitStatus(String id, String status) {
        return await().atMost(Duration.ofSeconds(15)).until(() -> message(id), j -> status.equals(j.get("status").asText()));
    }

    static JsonNode message(String id) {
        return Json.parse(sb.get("/api/v1/messages/" + id).body());
    }

    static List<String> events(JsonNode m) {
        List<String> out = new ArrayList<>();
        m.get("events").forEach(e -> out.add(e.get("status").asText() + ":" + e.get("applied").asBoolean()));
        return out;
    }

    static Document xml(String twiml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new InputSource(new StringReader(twiml)));
    }
}
