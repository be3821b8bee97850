package dev.switchboard.jms;

import dev.switchboard.testing.Backend;
import dev.switchboard.testing.RunningSwitchboard;
import jakarta.jms.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static dev.switchboard.jms.JmsClient.property;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hostile requests on the JMS queue, on PostgreSQL and the embedded broker: oversized, deeply nested, duplicated
 * fields, a forged Camel header - each dead-lettered with its reason (or ignored, for the header), nothing sent.
 */
class HostileJmsIT {

    private static final String QUEUE = "switchboard.requests";
    private static final String DLQ = "switchboard.requests.DLQ";
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static RunningSwitchboard sb;
    private static JmsClient jms;

    @BeforeAll
    static void start() {
        sb = RunningSwitchboard.start(Backend.POSTGRES.freshDatabase("jms_hostile"));
        jms = new JmsClient(sb);
    }

    @AfterAll
    static void stop() {
        jms.close();
        sb.close();
    }

    @Test
    void an_oversized_request_is_dead_lettered_as_too_large() {
        deadLetter("{\"to\":\"+14155550901\",\"body\":\"" + "x".repeat(70_000) + "\"}", "payload_too_large");
        assertThat(sentTo("+14155550901")).isZero();
    }

    @Test
    void deep_nesting_and_duplicate_fields_are_dead_lettered_as_invalid_json() {
        deadLetter("{\"to\":\"+14155550902\",\"body\":\"x\",\"tags\":" + "[".repeat(40) + "]".repeat(40) + "}", "invalid_json");
        deadLetter("{\"to\":\"+14155550903\",\"body\":\"x\",\"to\":\"+14155550904\"}", "invalid_json");
        assertThat(sentTo("+14155550902") + sentTo("+14155550903") + sentTo("+14155550904")).isZero();
    }

    @Test
    void a_camel_header_on_the_message_steers_nothing() {
        // camel-jms maps '.' to '_DOT_': this would be CamelHttpUri / CamelJmsDestinationName if headers were trusted.
        jms.send(QUEUE, "{\"to\":\"+14155550905\",\"body\":\"fine\"}",
                Map.of("CamelJmsDestinationName", "switchboard.requests.DLQ", "IdempotencyKey", "hdr-" + System.nanoTime()));

        await().atMost(WAIT).until(() -> sentTo("+14155550905") == 1);
        assertThat(JmsClient.onQueue(sb, DLQ)).isZero();
    }

    private static void deadLetter(String body, String code) {
        jms.send(QUEUE, body, Map.of("IdempotencyKey", "hostile-" + code + "-" + System.nanoTime()));
        Message dead = jms.receive(DLQ, WAIT);
        assertThat(dead).as("a dead letter").isNotNull();
        assertThat(property(dead, "SwitchboardErrorCode")).isEqualTo(code);
    }

    private static long sentTo(String to) {
        return sb.sandbox().createdParams().stream().filter(p -> to.equals(p.get("To"))).count();
    }
}
