package dev.switchboard.observe;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.Backend;
import dev.switchboard.testing.Json;
import dev.switchboard.testing.RunningSwitchboard;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The Prometheus metrics Switchboard adds to Camel's move when messages, the outbox and the breaker do. */
class MetricsIT {

    @Test
    void messages_outbox_throttle_and_breaker_metrics_move() throws Exception {
        try (RunningSwitchboard sb = RunningSwitchboard.start(Map.of(
                "switchboard.db.url", Backend.POSTGRES.freshDatabase("observe_metrics").get("switchboard.db.url"),
                "switchboard.metrics.refresh-ms", "100"))) {
            String id = Json.parse(sb.postMessage("{\"to\":\"+14155550100\",\"body\":\"metrics\"}").body()).get("id").asText();
            await().atMost(Duration.ofSeconds(10)).until(
                    () -> Json.parse(sb.get("/api/v1/messages/" + id).body()).get("status").asText(), "delivered"::equals);

            await().atMost(Duration.ofSeconds(5)).until(
                    () -> value(sb, "switchboard_messages{channel=\"sms\",status=\"delivered\"}"), v -> v.equals(Optional.of(1.0)));
            assertThat(value(sb, "switchboard_throttle_wait_seconds_count{throttle=\"account\"}")).contains(1.0);
            assertThat(value(sb, "switchboard_breaker_state{state=\"closed\"}")).contains(1.0);
            assertThat(value(sb, "switchboard_outbox_depth")).contains(0.0);
            assertThat(value(sb, "switchboard_outbox_oldest_due_seconds")).contains(0.0);

            // With dispatch stopped, a new message waits in the outbox: depth and the oldest due row's age show it.
            sb.context().getRouteController().stopRoute("dispatch-due");
            sb.postMessage("{\"to\":\"+14155550101\",\"body\":\"waits\"}");
            sb.postMessage("{\"to\":\"+14155550102\",\"body\":\"waits too\",\"priority\":\"bulk\"}");
            sb.postMessage("{\"to\":\"+14155550103\",\"body\":\"and this\",\"priority\":\"bulk\"}");
            await().atMost(Duration.ofSeconds(5)).until(() -> value(sb, "switchboard_outbox_depth"), v -> v.equals(Optional.of(3.0)));
            await().atMost(Duration.ofSeconds(5)).until(() -> value(sb, "switchboard_outbox_oldest_due_seconds"),
                    v -> v.isPresent() && v.get() > 0);
            // The same, per priority lane.
            assertThat(value(sb, "switchboard_outbox_lane_depth{priority=\"transactional\"}")).contains(1.0);
            assertThat(value(sb, "switchboard_outbox_lane_depth{priority=\"bulk\"}")).contains(2.0);
            assertThat(value(sb, "switchboard_outbox_lane_oldest_due_seconds{priority=\"bulk\"}")).hasValueSatisfying(
                    v -> assertThat(v).isPositive());
            JsonNode lanes = Json.parse(sb.get("/ui/api/summary").body()).get("outbox").get("lanes");
            assertThat(lanes.get("transactional").get("depth").asLong()).isEqualTo(1);
            assertThat(lanes.get("bulk").get("depth").asLong()).isEqualTo(2);

            CircuitBreaker breaker = sb.context().getRegistry().lookupByNameAndType("twilioBreaker", CircuitBreaker.class);
            breaker.transitionToOpenState();
            assertThat(value(sb, "switchboard_breaker_transitions_total{from=\"closed\",to=\"open\"}")).contains(1.0);
            assertThat(value(sb, "switchboard_breaker_state{state=\"open\"}")).contains(1.0);
            assertThat(value(sb, "switchboard_breaker_state{state=\"closed\"}")).contains(0.0);

            String all = sb.get("/observe/metrics").body();
            assertThat(all).doesNotContain("4155550100").doesNotContain("4155550101").doesNotContain(id);
        }
    }

    /** One sample's value from /observe/metrics ({@code name{labels}} exactly as Prometheus prints it, labels sorted). */
    static Optional<Double> value(RunningSwitchboard sb, String sample) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(sample) + " (\\S+)$").matcher(sb.get("/observe/metrics").body());
        return m.find() ? Optional.of(Double.parseDouble(m.group(1))) : Optional.empty();
    }
}
