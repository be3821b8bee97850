package dev.switchboard.jms;

import static dev.switchboard.jms.JmsRequestsIT.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.switchboard.testing.Backend;
import dev.switchboard.testing.RunningSwitchboard;
import jakarta.jms.BytesMessage;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Session;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Issue 17: the embedded broker is no anonymous door. Clients log in, and may only send requests and read events. */
class BrokerSecurityIT {

    private static final String QUEUE = "switchboard.requests";
    private static final String DLQ = "switchboard.requests.DLQ";
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static RunningSwitchboard sb;
    private static int port;

    @BeforeAll
    static void start() {
        sb = RunningSwitchboard.start(Backend.POSTGRES.freshDatabase("jms_security"));
        port = JmsClient.port(sb);
    }

    @AfterAll
    static void stop() {
        sb.close();
    }

    @Test
    void anonymous_and_wrong_password_clients_are_refused_on_core_stomp_and_amqp() {
        assertThatThrownBy(() -> new JmsClient(port, null, null).close()).hasCauseInstanceOf(JMSSecurityException.class);
        assertThatThrownBy(() -> new JmsClient(port, RunningSwitchboard.JMS_USER, "not-the-password").close())
                .hasCauseInstanceOf(JMSSecurityException.class);
        assertThatThrownBy(() -> new StompClient(port, null, null).close()).hasMessageContaining("got: ERROR");
        assertThatThrownBy(() -> new StompClient(port, RunningSwitchboard.JMS_USER, "wrong").close())
                .hasMessageContaining("got: ERROR");
        assertThatThrownBy(() -> AmqpSender.send(port, null, null, QUEUE, request("+14155550931", "anonymous"), Map.of()))
                .isInstanceOf(IllegalStateException.class);

        assertThat(sb.sandbox().createdParams()).noneMatch(p -> "+14155550931".equals(p.get("To")));
    }

    @Test
    void a_client_sends_requests_and_reads_events_but_cannot_consume_requests_or_touch_management() throws Exception {
        try (JmsClient jms = new JmsClient(port)) {
            MessageConsumer events = jms.subscribe("switchboard.events");
            jms.send(QUEUE, request("+14155550932", "logged in"), Map.of());
            await().atMost(WAIT).until(() -> sentTo("+14155550932") == 1);
            assertThat(events.receive(WAIT.toMillis())).as("a status event, read by the client").isNotNull();
            events.close();

            Session session = jms.session();
            assertThatThrownBy(() -> session.createConsumer(session.createQueue(QUEUE)))
                    .isInstanceOf(JMSSecurityException.class);
            assertThatThrownBy(() -> session.createBrowser(session.createQueue(QUEUE)).getEnumeration())
                    .isInstanceOf(JMSSecurityException.class);
            for (String address : new String[] {"activemq.management", "elsewhere"}) {
                assertThatThrownBy(() -> jms.send(address, "{}", Map.of())).as(address)
                        .hasCauseInstanceOf(JMSSecurityException.class);
            }
            assertThatThrownBy(() -> session.createProducer(session.createTopic("switchboard.events"))
                    .send(session.createTextMessage("{\"status\":\"delivered\"}"))).as("a forged status event")
                    .isInstanceOf(JMSSecurityException.class);
            assertThatThrownBy(() -> session.createConsumer(session.createQueue("DLQ")))
                    .isInstanceOf(JMSSecurityException.class);
        }
    }

    @Test
    void a_client_may_keep_a_temporary_queue_for_replies() {
        try (JmsClient jms = new JmsClient(port)) {
            var replies = jms.temporaryQueue();
            jms.send(QUEUE, request("+14155550933", "reply to me"), Map.of(), replies, "corr-933");
            Message reply = jms.receive(replies, WAIT);
            assertThat(reply).isNotNull();
            assertThat(JmsClient.text(reply)).contains("\"status\"");
        }
    }

    @Test
    void an_object_message_is_never_deserialized_and_is_dead_lettered_with_its_bytes_and_the_reason() throws Exception {
        try (JmsClient jms = new JmsClient(port)) {
            Session session = jms.session();
            ObjectMessage object = session.createObjectMessage(new ArrayList<>(java.util.List.of("+14155550934")));
            session.createProducer(session.createQueue(QUEUE)).send(object);

            Message dead = jms.receive(DLQ, WAIT);

            assertThat(dead).as("a dead letter").isNotNull();
            assertThat(JmsClient.property(dead, "SwitchboardErrorCode")).isEqualTo("unsupported_message_type");
            assertThat(JmsClient.property(dead, "SwitchboardOriginalType")).isEqualTo("ObjectMessage");
            assertThat(dead).isInstanceOf(BytesMessage.class);
            byte[] kept = new byte[(int) ((BytesMessage) dead).getBodyLength()];
            ((BytesMessage) dead).readBytes(kept);
            assertThat(kept).as("Java serialization's magic number: the bytes as sent").startsWith((byte) 0xAC, (byte) 0xED);
        }
    }

    @Test
    void the_broker_refuses_a_message_over_its_size_limit() {
        try (JmsClient jms = new JmsClient(port)) {
            long deadBefore = JmsClient.onQueue(sb, DLQ);
            assertThatThrownBy(() -> jms.send(QUEUE, "{\"body\":\"" + "x".repeat(300_000) + "\"}", Map.of()))
                    .hasStackTraceContaining("SWITCHBOARD_JMS_EMBEDDED_MAX_MESSAGE_BYTES");
            assertThat(JmsClient.onQueue(sb, DLQ)).as("never reached Switchboard").isEqualTo(deadBefore);
        }
    }

    @Test
    void without_a_password_one_is_generated_and_only_its_hash_is_kept() throws Exception {
        Map<String, String> settings = new HashMap<>(Backend.H2.freshDatabase("jms_generated_password"));
        Path data = Files.createTempDirectory("switchboard-jms-password");
        settings.put("switchboard.data.dir", data.toString());
        settings.put("switchboard.jms.embedded-password", "");
        try (RunningSwitchboard generated = RunningSwitchboard.start(settings)) {
            String stored = Files.readString(data.resolve("jms-password")).trim();
            assertThat(stored).startsWith("sha256:").hasSize("sha256:".length() + 64);
            assertThatThrownBy(() -> new JmsClient(JmsClient.port(generated)).close())
                    .as("the tests' password is not the generated one").hasCauseInstanceOf(JMSSecurityException.class);
        }
    }

    private static long sentTo(String to) {
        return sb.sandbox().createdParams().stream().filter(p -> to.equals(p.get("To"))).count();
    }
}
