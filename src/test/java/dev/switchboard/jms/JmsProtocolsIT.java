package dev.switchboard.jms;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.Backend;
import dev.switchboard.testing.Json;
import dev.switchboard.testing.RunningSwitchboard;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static dev.switchboard.jms.JmsRequestsIT.request;
import static dev.switchboard.testing.ConsentApi.encode;
import static dev.switchboard.testing.ConsentApi.uniquePhone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Outside systems in any language reach the front door through the embedded broker's one port: STOMP and AMQP. */
class JmsProtocolsIT {

    private static final String QUEUE = "switchboard.requests";
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static RunningSwitchboard sb;

    @BeforeAll
    static void start() {
        sb = RunningSwitchboard.start(Backend.POSTGRES.freshDatabase("jms_protocols"));
    }

    @AfterAll
    static void stop() {
        sb.close();
    }

    @Test
    void a_request_published_over_stomp_is_stored_and_sent_once_per_idempotency_key() {
        String phone = uniquePhone("603");
        try (StompClient stomp = new StompClient(JmsClient.port(sb))) {
            stomp.send(QUEUE, request(phone, "Hello from STOMP €"), Map.of("Idempotency-Key", "stomp-" + phone));
            stomp.send(QUEUE, request(phone, "Hello from STOMP €"), Map.of("Idempotency-Key", "stomp-" + phone));
        }

        String id = awaitOneMessage(phone);
        assertThat(message(id).get("body").asText()).isEqualTo("Hello from STOMP €");
        assertThat(message(id).get("source").asText()).isEqualTo("jms");
        await().atMost(WAIT).until(() -> message(id).get("status").asText(), "delivered"::equals);
        assertThat(messagesTo(phone)).hasSize(1);
    }

    @Test
    void a_request_published_over_stomp_without_a_key_is_stored() {
        String phone = uniquePhone("603");
        try (StompClient stomp = new StompClient(JmsClient.port(sb))) {
            stomp.send(QUEUE, request(phone, "No key"), Map.of());
        }

        awaitOneMessage(phone);
    }

    @Test
    void a_request_published_over_amqp_is_stored_and_sent_once_per_idempotency_key() {
        String phone = uniquePhone("603");
        int port = JmsClient.port(sb);

        AmqpSender.send(port, QUEUE, request(phone, "Hello from AMQP"), Map.of("Idempotency-Key", "amqp-" + phone));
        AmqpSender.send(port, QUEUE, request(phone, "Hello from AMQP"), Map.of("Idempotency-Key", "amqp-" + phone));

        String id = awaitOneMessage(phone);
        await().atMost(WAIT).until(() -> message(id).get("status").asText(), "delivered"::equals);
        assertThat(messagesTo(phone)).hasSize(1);
        assertThat(sb.sandbox().createdParams().stream().filter(p -> phone.equals(p.get("To")))).hasSize(1);
    }

    private static String awaitOneMessage(String phone) {
        await().atMost(WAIT).until(() -> messagesTo(phone).size() == 1);
        await().atMost(WAIT).until(() -> JmsClient.onQueue(sb, QUEUE) == 0);
        return messagesTo(phone).get(0).get("id").asText();
    }

    private static JsonNode messagesTo(String phone) {
        return Json.parse(sb.get("/api/v1/messages?limit=200&to=" + encode(phone)).body()).get("items");
    }

    private static JsonNode message(String id) {
        return Json.parse(sb.get("/api/v1/messages/" + id).body());
    }
}
