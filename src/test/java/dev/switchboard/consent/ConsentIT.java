package dev.switchboard.consent;

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

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.switchboard.testing.ConsentApi.consent;
import static dev.switchboard.testing.ConsentApi.encode;
import static dev.switchboard.testing.ConsentApi.history;
import static dev.switchboard.testing.ConsentApi.message;
import static dev.switchboard.testing.ConsentApi.put;
import static dev.switchboard.testing.ConsentApi.sandboxCreatedFor;
import static dev.switchboard.testing.ConsentApi.state;
import static dev.switchboard.testing.ConsentApi.uniquePhone;
import static dev.switchboard.testing.TwilioWebhooks.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Consent on real PostgreSQL: the API, and every way an opt-out stops messages (front door, dispatch, Twilio's 21610). */
class ConsentIT {

    private static final String OPTED_OUT_AT_TWILIO = "+15005550004"; // sandbox answers 400/21610
    private static final String INVALID_SENDER = "+15005550001";      // sandbox answers 400/21212
    private static RunningSwitchboard sb;

    @BeforeAll
    static void start() {
        sb = RunningSwitchboard.start(Backend.POSTGRES.freshDatabase("consent_api"));
    }

    @AfterAll
    static void stop() {
        sb.close();
    }

    @Test
    void put_opts_out_of_one_channel_and_get_shows_it_with_source_api() {
        String phone = uniquePhone("301");

        HttpResponse<String> r = put(sb, phone, "{\"channel\":\"sms\",\"state\":\"opted_out\",\"reason\":\"asked by phone\"}");

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode saved = Json.parse(r.body());
        assertThat(saved.get("phone").asText()).isEqualTo(phone);
        assertThat(saved.get("state").asText()).isEqualTo("opted_out");
        JsonNode c = consent(sb, phone);
        JsonNode sms = c.get("channels").get("sms");
        assertThat(sms.get("state").asText()).isEqualTo("opted_out");
        assertThat(sms.get("source").asText()).isEqualTo("api");
        assertThat(sms.get("reason").asText()).isEqualTo("asked by phone");
        assertThat(c.get("channels").get("whatsapp").get("state").asText()).isEqualTo("opted_in");
        assertThat(history(sb, phone)).containsExactly("sms:opted_out:api:null");
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource(delimiter = '|', value = {
            "{\"channel\":\"sms\",\"state\":\"paused\"}                          | 422 | invalid_state   | state",
            "{\"channel\":\"sms\",\"state\":1}                                   | 400 | invalid_state   | state",
            "{\"channel\":\"sms\"}                                               | 400 | missing_state   | state",
            "{\"channel\":\"fax\",\"state\":\"opted_out\"}                       | 422 | invalid_channel | channel",
            "{\"channel\":\"SMS\",\"state\":\"opted_out\"}                       | 422 | invalid_channel | channel",
            "{\"state\":\"opted_out\"}                                           | 400 | missing_channel | channel",
            "{\"channel\":\"sms\",\"state\":\"opted_out\",\"colour\":\"red\"}    | 400 | unknown_field   | colour",
            "{not json                                                           | 400 | invalid_json    | ",
    })
    void bad_put_gets_a_specific_error_and_changes_nothing(String json, int status, String code, String field) {
        String phone = uniquePhone("302");

        HttpResponse<String> r = put(sb, phone, json);

        assertThat(r.statusCode()).isEqualTo(status);
        JsonNode error = Json.parse(r.body()).get("error");
        assertThat(error.get("code").asText()).isEqualTo(code);
        assertThat(error.get("message").asText()).isNotBlank();
        if (field != null) {
            assertThat(error.get("field").asText()).isEqualTo(field);
        }
        assertThat(consent(sb, phone).get("history")).isEmpty();
    }

    @ParameterizedTest(name = "GET {0} -> 422")
    @ValueSource(strings = {"14155550100", "+1415", "not-a-phone", "+1415555010012345678"})
    void get_with_an_invalid_phone_is_422(String phone) {
        HttpResponse<String> r = sb.get("/api/v1/consents/" + encode(phone));

        assertThat(r.statusCode()).isEqualTo(422);
        JsonNode error = Json.parse(r.body()).get("error");
        assertThat(error.get("code").asText()).isEqualTo("invalid_phone");
        assertThat(error.get("field").asText()).isEqualTo("phone");
    }

    @Test
    void opted_out_list_pages_by_cursor_without_gaps_or_repeats() {
        // Its own database: the list spans every recipient, and the other tests opt people out too.
        try (RunningSwitchboard own = RunningSwitchboard.start(Backend.POSTGRES.freshDatabase("consent_paging"))) {
            List<String> expected = List.of("+14155550201/sms", "+14155550201/whatsapp", "+14155550202/sms",
                    "+14155550203/sms", "+14155550203/whatsapp");
            for (String row : expected) {
                String[] p = row.split("/");
                assertThat(put(own, p[0], "{\"channel\":\"" + p[1] + "\",\"state\":\"opted_out\"}").statusCode()).isEqualTo(200);
            }
            put(own, "+14155550204", "{\"channel\":\"sms\",\"state\":\"opted_out\"}");
            put(own, "+14155550204", "{\"channel\":\"sms\",\"state\":\"opted_in\"}"); // back in: not listed

            List<String> seen = new ArrayList<>();
            List<Integer> sizes = new ArrayList<>();
            String cursor = null;
            do {
                HttpResponse<String> r = own.get("/api/v1/consents?state=opted_out&limit=2"
                        + (cursor == null ? "" : "&cursor=" + cursor));
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                JsonNode page = Json.parse(r.body());
                page.get("items").forEach(i -> seen.add(i.get("phone").asText() + "/" + i.get("channel").asText()));
                sizes.add(page.get("items").size());
                cursor = page.get("next").isNull() ? null : page.get("next").asText();
            } while (cursor != null && sizes.size() < 10);

            assertThat(seen).containsExactlyElementsOf(expected);
            assertThat(sizes).containsExactly(2, 2, 1);
        }
    }

    @Test
    void opt_out_between_submit_and_dispatch_suppresses_the_waiting_message() {
        String phone = uniquePhone("303");
        String sendAt = Instant.now().plusSeconds(2).toString();
        JsonNode accepted = Json.parse(sb.postMessage("{\"to\":\"" + phone + "\",\"body\":\"later\",\"sendAt\":\"" + sendAt + "\"}").body());
        assertThat(accepted.get("status").asText()).isEqualTo("scheduled");

        assertThat(put(sb, phone, "{\"channel\":\"sms\",\"state\":\"opted_out\"}").statusCode()).isEqualTo(200);

        String id = accepted.get("id").asText();
        JsonNode m = await().atMost(Duration.ofSeconds(10)).until(() -> message(sb, id),
                j -> "suppressed".equals(j.get("status").asText()));
        assertThat(m.get("reason").asText()).isEqualTo("opted_out");
        assertThat(m.get("attempts").asInt()).isZero();
        assertThat(m.get("twilioSid").isNull()).isTrue();
        assertThat(sandboxCreatedFor(sb, phone)).isFalse();
    }

    @Test
    void twilio_21610_on_send_fails_the_message_opts_out_and_later_messages_are_suppressed() {
        int before = sb.sandbox().createRequests();
        String id = submit(OPTED_OUT_AT_TWILIO, null);

        JsonNode m = await().atMost(Duration.ofSeconds(10)).until(() -> message(sb, id),
                j -> "failed".equals(j.get("status").asText()));
        assertThat(m.get("errorCode").asInt()).isEqualTo(21610);
        // The opt-out is recorded just after the message is marked failed, not in the same transaction.
        JsonNode sms = await().atMost(Duration.ofSeconds(5)).until(
                () -> consent(sb, OPTED_OUT_AT_TWILIO).get("channels").get("sms"), c -> "opted_out".equals(c.get("state").asText()));
        assertThat(sms.get("source").asText()).isEqualTo("twilio_21610");
        int afterFirst = sb.sandbox().createRequests();
        assertThat(afterFirst).isEqualTo(before + 1);

        JsonNode again = Json.parse(sb.postMessage("{\"to\":\"" + OPTED_OUT_AT_TWILIO + "\",\"body\":\"again\"}").body());

        assertThat(again.get("status").asText()).isEqualTo("suppressed");
        assertThat(again.get("reason").asText()).isEqualTo("opted_out");
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                .until(() -> sb.sandbox().createRequests() == afterFirst);
    }

    @Test
    void status_callback_with_error_21610_opts_the_recipient_out() {
        String phone = uniquePhone("304");
        String id = submit(phone, null);
        String sid = await().atMost(Duration.ofSeconds(10)).until(() -> message(sb, id).get("twilioSid"),
                s -> !s.isNull()).asText();
        assertThat(state(sb, phone, "sms")).isEqualTo("opted_in");
        Map<String, String> p = new LinkedHashMap<>();
        p.put("AccountSid", sb.sandbox().config().accountSid());
        p.put("MessageSid", sid);
        p.put("MessageStatus", "failed");
        p.put("ErrorCode", "21610");
        p.put("To", phone);
        p.put("From", "+15005550006");
        String url = "http://localhost:" + sb.port() + "/twilio/status";

        HttpResponse<String> r = post(sb, "/twilio/status", p, TwilioSignature.sign(sb.sandbox().config().authToken(), url, p));

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode sms = consent(sb, phone).get("channels").get("sms");
        assertThat(sms.get("state").asText()).isEqualTo("opted_out");
        assertThat(sms.get("source").asText()).isEqualTo("twilio_21610");
        assertThat(Json.parse(sb.postMessage("{\"to\":\"" + phone + "\",\"body\":\"x\"}").body()).get("status").asText())
                .isEqualTo("suppressed");
    }

    @Test
    void a_broken_sender_fails_each_message_with_21212_and_raises_one_counted_alert() {
        SenderAlerts alerts = sb.context().getRegistry().lookupByNameAndType("senderAlerts", SenderAlerts.class);
        String first = uniquePhone("305");
        String second = uniquePhone("305");
        List<String> ids = List.of(submit(first, INVALID_SENDER), submit(second, INVALID_SENDER));

        for (String id : ids) {
            JsonNode m = await().atMost(Duration.ofSeconds(10)).until(() -> message(sb, id),
                    j -> "failed".equals(j.get("status").asText()));
            assertThat(m.get("errorCode").asInt()).isEqualTo(21212);
        }
        // Counted just after each message is marked failed; then no third count (no resend of either).
        await().atMost(Duration.ofSeconds(5)).until(() -> alerts.count(INVALID_SENDER, 21212) == 2);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> alerts.count(INVALID_SENDER, 21212) == 2);
        // The alert metric operators scrape (no phone number in its labels).
        assertThat(sb.get("/observe/metrics").body()).contains("switchboard_sender_alerts_total{code=\"21212\"} 2.0")
                .doesNotContain(INVALID_SENDER);
        // The sender is broken, not the recipients: they stay opted in.
        assertThat(state(sb, first, "sms")).isEqualTo("opted_in");
        assertThat(state(sb, second, "sms")).isEqualTo("opted_in");
    }

    private static String submit(String to, String from) {
        HttpResponse<String> r = sb.postMessage("{\"to\":\"" + to + "\",\"body\":\"hello\""
                + (from == null ? "" : ",\"from\":\"" + from + "\"") + "}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        JsonNode answer = Json.parse(r.body());
        assertThat(answer.get("status").asText()).isEqualTo("accepted");
        return answer.get("id").asText();
    }
}
