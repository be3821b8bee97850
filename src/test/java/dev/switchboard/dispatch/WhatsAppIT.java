package dev.switchboard.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.Json;
import dev.switchboard.testing.RunningSwitchboard;
import dev.switchboard.testing.TestDatabases;
import dev.switchboard.testing.TwilioWebhooks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** WhatsApp's 24-hour window, checked at the front door and again at dispatch, with templates and SMS fallback. */
class WhatsAppIT {

    private static final String TEMPLATE = "HX0123456789abcdef0123456789abcdef";
    private static final AtomicInteger PHONES = new AtomicInteger(100);
    private static RunningSwitchboard sb;
    private static String db;

    @BeforeAll
    static void start() {
        db = TestDatabases.freshPostgresSchema("whatsapp");
        sb = RunningSwitchboard.start(Map.of("switchboard.db.url", db));
    }

    @AfterAll
    static void stop() {
        sb.close();
    }

    @Test
    void free_form_message_inside_the_window_goes_as_whatsapp() {
        String phone = phone();
        openWindow(phone);

        JsonNode m = delivered(submit("{\"channel\":\"whatsapp\",\"to\":\"" + phone + "\",\"body\":\"hello\"}"));

        assertThat(m.get("sentChannel").asText()).isEqualTo("whatsapp");
        assertThat(sentTo("whatsapp:" + phone)).singleElement().satisfies(p -> {
            assertThat(p).containsEntry("From", "whatsapp:+14155238886").containsEntry("Body", "hello");
        });
    }

    @Test
    void free_form_message_outside_the_window_is_suppressed_and_never_reaches_twilio() {
        String phone = phone();

        HttpResponse<String> r = sb.postMessage("{\"channel\":\"whatsapp\",\"to\":\"" + phone + "\",\"body\":\"hello\"}");

        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(Json.parse(r.body()).get("status").asText()).isEqualTo("suppressed");
        assertThat(Json.parse(r.body()).get("reason").asText()).isEqualTo("outside_whatsapp_window");
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> sentTo("whatsapp:" + phone).isEmpty());
    }

    @Test
    void template_goes_outside_the_window_with_content_sid_and_no_body() {
        String phone = phone();

        JsonNode m = delivered(submit("{\"channel\":\"whatsapp\",\"to\":\"" + phone + "\",\"contentSid\":\"" + TEMPLATE
                + "\",\"contentVariables\":{\"1\":\"Jane\"}}"));

        assertThat(m.get("contentSid").asText()).isEqualTo(TEMPLATE);
        assertThat(sentTo("whatsapp:" + phone)).singleElement().satisfies(p -> {
            assertThat(p).containsEntry("ContentSid", TEMPLATE).containsEntry("ContentVariables", "{\"1\":\"Jane\"}");
            assertThat(p).doesNotContainKey("Body");
        });
    }

    @Test
    void outside_the_window_with_sms_fallback_goes_as_sms_from_the_sms_sender() {
        String phone = phone();

        JsonNode m = delivered(submit("{\"channel\":\"whatsapp\",\"to\":\"" + phone
                + "\",\"body\":\"by sms\",\"fallback\":\"sms\"}"));

        assertThat(m.get("channel").asText()).isEqualTo("whatsapp");
        assertThat(m.get("sentChannel").asText()).isEqualTo("sms");
        assertThat(sentTo("whatsapp:" + phone)).isEmpty();
        assertThat(sentTo(phone)).singleElement().satisfies(p -> assertThat(p).containsEntry("From", "+15005550006"));
    }

    @Test
    void window_that_closes_while_the_message_waits_is_rechecked_at_dispatch() {
        String phone = phone();
        openWindow(phone);
        String sendAt = Instant.now().plusSeconds(2).toString();
        String id = submit("{\"channel\":\"whatsapp\",\"to\":\"" + phone + "\",\"body\":\"later\",\"sendAt\":\"" + sendAt + "\"}");

        ageWindow(phone, Duration.ofHours(25));

        JsonNode m = await().atMost(Duration.ofSeconds(10)).until(() -> message(id),
                j -> j.get("status").asText().equals("suppressed"));
        assertThat(m.get("reason").asText()).isEqualTo("outside_whatsapp_window");
        assertThat(m.get("attempts").asInt()).isZero();
        assertThat(sentTo("whatsapp:" + phone)).isEmpty();
    }

    private static String phone() {
        return "+1415555" + String.format("%04d", PHONES.incrementAndGet());
    }

    private static void openWindow(String phone) {
        HttpResponse<String> r = TwilioWebhooks.postSigned(sb, "/twilio/inbound",
                TwilioWebhooks.inbound("SM" + phone.substring(1) + "0".repeat(21), "whatsapp:" + phone,
                        "whatsapp:+14155238886", "hi there"));
        assertThat(r.statusCode()).isEqualTo(200);
    }

    /** Moves the person's last inbound message into the past, as if time had passed. */
    private static void ageWindow(String phone, Duration age) {
        try (Connection c = DriverManager.getConnection(db);
             PreparedStatement ps = c.prepareStatement("UPDATE conversation SET last_inbound_at = ? WHERE phone = ?")) {
            ps.setTimestamp(1, Timestamp.from(Instant.now().minus(age)));
            ps.setString(2, phone);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String submit(String json) {
        HttpResponse<String> r = sb.postMessage(json);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return Json.parse(r.body()).get("id").asText();
    }

    private static JsonNode message(String id) {
        return Json.parse(sb.get("/api/v1/messages/" + id).body());
    }

    private static JsonNode delivered(String id) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> message(id),
                j -> j.get("status").asText().equals("delivered"));
    }

    private static List<Map<String, String>> sentTo(String to) {
        return sb.sandbox().createdParams().stream().filter(p -> to.equals(p.get("To"))).toList();
    }
}
