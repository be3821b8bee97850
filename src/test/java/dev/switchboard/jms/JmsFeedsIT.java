package dev.switchboard.jms;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.Backend;
import dev.switchboard.testing.Json;
import dev.switchboard.testing.RunningSwitchboard;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.switchboard.jms.JmsClient.property;
import static dev.switchboard.jms.JmsClient.text;
import static dev.switchboard.testing.ConsentApi.uniquePhone;
import static dev.switchboard.testing.TwilioWebhooks.inbound;
import static dev.switchboard.testing.TwilioWebhooks.postSigned;
import static org.assertj.core.api.Assertions.assertThat;

/** The outbound topics: every applied status change, and every inbound message, published once recorded. */
class JmsFeedsIT {

    private static final long WAIT_MS = 15_000;

    @ParameterizedTest
    @EnumSource(Backend.class)
    void status_changes_of_a_message_are_published_to_switchboard_events_in_order(Backend backend) throws JMSException {
        try (RunningSwitchboard sb = start(backend, "jms_status_events_" + backend); JmsClient jms = new JmsClient(sb)) {
            MessageConsumer events = jms.subscribe("switchboard.events");
            String phone = uniquePhone("604");

            HttpResponse<String> accepted = sb.postMessage(
                    "{\"to\":\"" + phone + "\",\"body\":\"Track me\",\"tags\":{\"order\":\"A-17\"}}");
            String id = Json.parse(accepted.body()).get("id").asText();

            List<JsonNode> received = new ArrayList<>();
            while (received.isEmpty() || !"delivered".equals(received.get(received.size() - 1).get("status").asText())) {
                Message m = events.receive(WAIT_MS);
                assertThat(m).as("an event after " + received).isNotNull();
                JsonNode event = Json.parse(text(m));
                if (id.equals(event.get("id").asText())) {
                    received.add(event);
                    assertThat(m.getLongProperty("SwitchboardEventId")).isEqualTo(event.get("eventId").asLong());
                    assertThat(property(m, "SwitchboardStatus")).isEqualTo(event.get("status").asText());
                }
            }
            assertThat(received).extracting(e -> e.get("status").asText())
                    .containsExactly("accepted", "queued", "sent", "delivered");
            assertThat(received).extracting(e -> e.get("previousStatus").isNull() ? null : e.get("previousStatus").asText())
                    .containsExactly(null, "accepted", "queued", "sent");
            assertThat(received).extracting(e -> e.get("eventId").asLong()).isSorted().doesNotHaveDuplicates();
            JsonNode delivered = received.get(3);
            assertThat(delivered.get("to").asText()).isEqualTo(phone);
            assertThat(delivered.get("channel").asText()).isEqualTo("sms");
            assertThat(delivered.get("twilioSid").asText()).startsWith("SM");
            assertThat(delivered.get("errorCode").isNull()).isTrue();
            assertThat(delivered.get("tags").get("order").asText()).isEqualTo("A-17");
            assertThat(delivered.get("time").asText()).endsWith("Z");
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void an_inbound_sms_is_published_to_switchboard_inbound_once(Backend backend) throws JMSException {
        try (RunningSwitchboard sb = start(backend, "jms_inbound_" + backend); JmsClient jms = new JmsClient(sb)) {
            MessageConsumer inbound = jms.subscribe("switchboard.inbound");
            String phone = uniquePhone("604");
            String sid = "SM" + "a".repeat(24) + phone.substring(phone.length() - 8);
            Map<String, String> webhook = inbound(sid, phone, "+15005550006", "Is my order on its way?");

            assertThat(postSigned(sb, "/twilio/inbound", webhook).statusCode()).isEqualTo(200);
            assertThat(postSigned(sb, "/twilio/inbound", webhook).statusCode()).as("Twilio's retry").isEqualTo(200);
            Map<String, String> next = inbound(sid.replace('a', 'b'), phone, "+15005550006", "STOP");
            assertThat(postSigned(sb, "/twilio/inbound", next).statusCode()).isEqualTo(200);

            Message first = inbound.receive(WAIT_MS);
            assertThat(first).isNotNull();
            JsonNode json = Json.parse(text(first));
            assertThat(json.get("messageSid").asText()).isEqualTo(sid);
            assertThat(json.get("from").asText()).isEqualTo(phone);
            assertThat(json.get("to").asText()).isEqualTo("+15005550006");
            assertThat(json.get("channel").asText()).isEqualTo("sms");
            assertThat(json.get("body").asText()).isEqualTo("Is my order on its way?");
            assertThat(json.get("keyword").isNull()).isTrue();
            assertThat(property(first, "SwitchboardMessageSid")).isEqualTo(sid);
            Message second = inbound.receive(WAIT_MS);
            assertThat(second).as("the replayed webhook publishes nothing; the next message follows").isNotNull();
            assertThat(Json.parse(text(second)).get("messageSid").asText()).isEqualTo(sid.replace('a', 'b'));
            assertThat(Json.parse(text(second)).get("keyword").asText()).isEqualTo("stop");
        }
    }

    private static RunningSwitchboard start(Backend backend, String name) {
        Map<String, String> settings = new HashMap<>(backend.freshDatabase(name));
        settings.put("switchboard.jms.publish-ms", "100");
        return RunningSwitchboard.start(settings);
    }
}
