package dev.switchboard.jms;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.Backend;
import dev.switchboard.testing.Json;
import dev.switchboard.testing.RunningSwitchboard;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.Map;

import static dev.switchboard.jms.JmsClient.property;
import static dev.switchboard.jms.JmsClient.text;
import static dev.switchboard.testing.ConsentApi.encode;
import static dev.switchboard.testing.ConsentApi.uniquePhone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The JMS requests queue on real PostgreSQL and the embedded Artemis broker, reached over TCP. */
class JmsRequestsIT {

    private static final String QUEUE = "switchboard.requests";
    private static final String DLQ = "switchboard.requests.DLQ";
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static RunningSwitchboard sb;
    private static JmsClient jms;

    @BeforeAll
    static void start() {
        sb = RunningSwitchboard.start(Backend.POSTGRES.freshDatabase("jms_requests"));
        jms = new JmsClient(sb);
    }

    @AfterAll
    static void stop() {
        jms.close();
        sb.close();
    }

    @Test
    void a_valid_request_is_stored_sent_and_taken_off_the_queue() {
        String phone = uniquePhone("601");

        jms.send(QUEUE, request(phone, "Hello over JMS"), Map.of());

        await().atMost(WAIT).until(() -> sb.sandbox().createdParams().stream().anyMatch(p -> phone.equals(p.get("To"))));
        JsonNode stored = messagesTo(phone);
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0).get("body").asText()).isEqualTo("Hello over JMS");
        await().atMost(WAIT).until(() -> JmsClient.onQueue(sb, QUEUE) == 0);
    }

    @Test
    void jms_reply_to_gets_the_202_body_with_the_request_correlation_id() throws JMSException {
        String phone = uniquePhone("601");
        Destination replies = jms.temporaryQueue();

        jms.send(QUEUE, request(phone, "Reply please"), Map.of(), replies, "order-42");

        Message reply = jms.receive(replies, WAIT);
        assertThat(reply).as("a reply").isNotNull();
        assertThat(reply.getJMSCorrelationID()).isEqualTo("order-42");
        JsonNode json = Json.parse(text(reply));
        assertThat(json.get("id").asText()).isEqualTo(messagesTo(phone).get(0).get("id").asText());
        assertThat(json.get("status").asText()).isEqualTo("accepted");
        assertThat(json.get("segments").asInt()).isEqualTo(1);
        assertThat(json.get("encoding").asText()).isEqualTo("GSM-7");
        assertThat(java.util.Collections.list(reply.getPropertyNames())).as("no request headers leak into the reply")
                .allMatch(name -> name.toString().startsWith("JMSX"));
    }

    @Test
    void without_a_correlation_id_the_reply_is_correlated_by_the_request_message_id() throws JMSException {
        Destination replies = jms.temporaryQueue();

        String messageId = jms.send(QUEUE, request(uniquePhone("601"), "Reply please"), Map.of(), replies, null);

        Message reply = jms.receive(replies, WAIT);
        assertThat(reply).isNotNull();
        assertThat(reply.getJMSCorrelationID()).isEqualTo(messageId);
    }

    @ParameterizedTest(name = "{0} goes to the dead-letter queue as {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"to\":\"+1415601 | invalid_json | ",
            "{\"to\":\"12345\",\"body\":\"x\"} | invalid_to | to",
            "{\"to\":\"+14156019999\",\"body\":\"x\",\"colour\":\"red\"} | unknown_field | colour",
            "[] | invalid_json | "})
    void a_request_that_can_never_succeed_goes_to_the_dead_letter_queue_with_its_reason(String body, String code,
                                                                                        String field) {
        int before = allMessages();

        String messageId = jms.send(QUEUE, body, Map.of("IdempotencyKey", "poison-" + code + "-" + System.nanoTime()));

        Message dead = jms.receive(DLQ, WAIT);
        assertThat(dead).as("a dead letter").isNotNull();
        assertThat(text(dead)).isEqualTo(body);
        assertThat(property(dead, "SwitchboardErrorCode")).isEqualTo(code);
        assertThat(property(dead, "SwitchboardErrorMessage")).isNotBlank();
        assertThat(property(dead, "SwitchboardErrorField")).isEqualTo(field);
        assertThat(property(dead, "SwitchboardOriginalMessageId")).isEqualTo(messageId);
        assertThat(property(dead, "IdempotencyKey")).startsWith("poison-");
        await().atMost(WAIT).until(() -> JmsClient.onQueue(sb, QUEUE) == 0);
        assertThat(allMessages()).as("nothing stored").isEqualTo(before);
    }

    @Test
    void jms_reply_to_gets_the_error_body_of_a_refused_request() throws JMSException {
        Destination replies = jms.temporaryQueue();

        jms.send(QUEUE, "{\"to\":\"+44 20\",\"body\":\"x\"}", Map.of(), replies, "bad-1");

        Message reply = jms.receive(replies, WAIT);
        assertThat(reply).isNotNull();
        assertThat(reply.getJMSCorrelationID()).isEqualTo("bad-1");
        JsonNode error = Json.parse(text(reply)).get("error");
        assertThat(error.get("code").asText()).isEqualTo("invalid_to");
        assertThat(error.get("field").asText()).isEqualTo("to");
        assertThat(error.get("message").asText()).contains("'to'");
        assertThat(property(reply, "SwitchboardErrorCode")).isEqualTo("invalid_to");
        assertThat(jms.receive(DLQ, WAIT)).as("kept on the dead-letter queue too").isNotNull();
    }

    @Test
    void the_same_request_twice_with_one_idempotency_key_is_stored_and_sent_once() throws JMSException {
        String phone = uniquePhone("601");
        Destination replies = jms.temporaryQueue();
        String key = "jms-twice-" + phone;

        jms.send(QUEUE, request(phone, "Only once"), Map.of("IdempotencyKey", key), replies, "first");
        jms.send(QUEUE, request(phone, "Only once"), Map.of("IdempotencyKey", key), replies, "second");

        Message first = jms.receive(replies, WAIT);
        Message second = jms.receive(replies, WAIT);
        assertThat(first).isNotNull();
        assertThat(second).isNotNull();
        assertThat(Json.parse(text(first)).get("id")).isEqualTo(Json.parse(text(second)).get("id"));
        assertThat(property(first, "IdempotentReplayed") == null ^ property(second, "IdempotentReplayed") == null)
                .as("exactly one reply is a replay").isTrue();
        String id = Json.parse(text(first)).get("id").asText();
        await().atMost(WAIT).until(() -> status(id), "delivered"::equals);
        assertThat(messagesTo(phone)).hasSize(1);
        assertThat(sb.sandbox().createdParams().stream().filter(p -> phone.equals(p.get("To")))).hasSize(1);
    }

    @Test
    void a_reused_idempotency_key_with_another_body_goes_to_the_dead_letter_queue() {
        String phone = uniquePhone("601");
        String key = "jms-reused-" + phone;
        Destination replies = jms.temporaryQueue();
        jms.send(QUEUE, request(phone, "First"), Map.of("IdempotencyKey", key), replies, "a");
        assertThat(jms.receive(replies, WAIT)).isNotNull();

        jms.send(QUEUE, request(phone, "Second"), Map.of("IdempotencyKey", key));

        Message dead = jms.receive(DLQ, WAIT);
        assertThat(dead).isNotNull();
        assertThat(property(dead, "SwitchboardErrorCode")).isEqualTo("idempotency_key_reused");
        assertThat(property(dead, "SwitchboardErrorField")).isEqualTo("Idempotency-Key");
        assertThat(messagesTo(phone)).hasSize(1);
    }

    @Test
    void a_requester_gone_before_its_reply_does_not_hold_the_request_on_the_queue() throws Exception {
        String phone = uniquePhone("601");
        sb.context().getRouteController().stopRoute("jms-requests");
        try (JmsClient gone = new JmsClient(sb)) {
            // The reply queue disappears with the connection that created it.
            gone.send(QUEUE, request(phone, "Nobody waits"), Map.of(), gone.temporaryQueue(), "gone-1");
        } finally {
            sb.context().getRouteController().startRoute("jms-requests");
        }

        await().atMost(WAIT).until(() -> messagesTo(phone).size() == 1);
        await().atMost(WAIT).until(() -> JmsClient.onQueue(sb, QUEUE) == 0);
        assertThat(messagesTo(phone)).hasSize(1);
    }

    static String request(String to, String body) {
        return "{\"to\":\"" + to + "\",\"body\":\"" + body + "\"}";
    }

    private static JsonNode messagesTo(String phone) {
        return Json.parse(sb.get("/api/v1/messages?limit=200&to=" + encode(phone)).body()).get("items");
    }

    private static int allMessages() {
        return Json.parse(sb.get("/api/v1/messages?limit=200").body()).get("items").size();
    }

    private static String status(String id) {
        return Json.parse(sb.get("/api/v1/messages/" + id).body()).get("status").asText();
    }
}
