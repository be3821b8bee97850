package dev.switchboard.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.sandbox.SandboxConfig;
import dev.switchboard.sandbox.TwilioSandbox;
import dev.switchboard.testing.Json;
import dev.switchboard.testing.RunningSwitchboard;
import dev.switchboard.testing.TcpProxy;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Twilio unreachable (connection refused, unknown host, answers slower than the read time-out): the breaker
 * opens, nothing is lost, and once Twilio is back every message is created exactly once.
 */
class TwilioUnreachableIT {

    private static final List<String> RECIPIENTS = List.of("+14155550181", "+14155550182", "+14155550183");

    @Test
    void connection_refused_opens_the_breaker_and_everything_goes_once_twilio_is_back() {
        try (TwilioSandbox twilio = TwilioSandbox.start(SandboxConfig.defaults().withCallbackDelayMillis(20));
             TcpProxy proxy = new TcpProxy("127.0.0.1", port(twilio))) {
            proxy.down();
            Map<String, String> settings = breakerSettings("unreachable_refused");
            settings.putAll(RunningSwitchboard.usingTwilio(twilio));
            settings.put("switchboard.twilio.base-url", "http://127.0.0.1:" + proxy.port());
            try (RunningSwitchboard sb = RunningSwitchboard.start(settings)) {
                List<String> ids = submitAll(sb);
                awaitBreaker(sb, CircuitBreaker.State.OPEN);
                for (String id : ids) {
                    // The breaker records the third failure (and opens) just before that message's release is written.
                    JsonNode m = await().atMost(Duration.ofSeconds(5)).until(() -> message(sb, id),
                            j -> j.get("events").toString().contains("Twilio not reached, not attempted"));
                    assertThat(m.get("status").asText()).isEqualTo("accepted");
                }
                assertThat(twilio.createRequests()).isZero();

                proxy.up();

                assertDeliveredOnce(sb, twilio, ids);
                for (String id : ids) {
                    // The refused tries were not counted: only the one that reached Twilio.
                    assertThat(message(sb, id).get("attempts").asInt()).isEqualTo(1);
                }
            }
        }
    }

    @Test
    void unknown_host_opens_the_breaker_and_a_restart_with_twilio_back_sends_everything_once() {
        try (TwilioSandbox twilio = TwilioSandbox.start(SandboxConfig.defaults().withCallbackDelayMillis(20))) {
            Map<String, String> settings = breakerSettings("unreachable_dns");
            settings.putAll(RunningSwitchboard.usingTwilio(twilio));
            settings.put("switchboard.twilio.base-url", "http://twilio-is-down.invalid:8080");
            List<String> ids;
            try (RunningSwitchboard sb = RunningSwitchboard.start(settings)) {
                ids = submitAll(sb);
                awaitBreaker(sb, CircuitBreaker.State.OPEN);
                for (String id : ids) {
                    assertThat(message(sb, id).get("status").asText()).isEqualTo("accepted");
                }
            }
            assertThat(twilio.createRequests()).isZero();

            settings.put("switchboard.twilio.base-url", twilio.baseUrl());
            try (RunningSwitchboard sb = RunningSwitchboard.start(settings)) {
                assertDeliveredOnce(sb, twilio, ids);
            }
        }
    }

    @Test
    void answers_slower_than_the_read_timeout_open_the_breaker_and_are_reconciled_not_resent() {
        Map<String, String> settings = breakerSettings("unreachable_slow");
        settings.put("switchboard.twilio.read-timeout-ms", "800");
        try (RunningSwitchboard sb = RunningSwitchboard.start(settings)) {
            // Twilio creates each message but answers after 2.5 s: every POST times out, outcome unknown.
            sb.sandbox().messageFaults().createThenStall(RECIPIENTS.size(), 2500);

            List<String> ids = submitAll(sb);
            awaitBreaker(sb, CircuitBreaker.State.OPEN);

            assertDeliveredOnce(sb, sb.sandbox(), ids);
            for (String id : ids) {
                assertThat(message(sb, id).get("events").toString()).contains("reconciled");
            }
        }
    }

    private static Map<String, String> breakerSettings(String db) {
        Map<String, String> settings = AmbiguousSendsIT.settings(db);
        settings.put("switchboard.breaker.window", "4");
        settings.put("switchboard.breaker.min-calls", "2");
        settings.put("switchboard.breaker.open-ms", "1000");
        settings.put("switchboard.breaker.half-open-calls", "1");
        settings.put("switchboard.twilio.connect-timeout-ms", "1000");
        return settings;
    }

    private static List<String> submitAll(RunningSwitchboard sb) {
        List<String> ids = new ArrayList<>();
        for (String to : RECIPIENTS) {
            ids.add(Json.parse(sb.postMessage("{\"to\":\"" + to + "\",\"body\":\"while twilio is away\"}").body())
                    .get("id").asText());
        }
        return ids;
    }

    private static void awaitBreaker(RunningSwitchboard sb, CircuitBreaker.State state) {
        CircuitBreaker breaker = breaker(sb);
        await().atMost(Duration.ofSeconds(15)).until(() -> breaker.getState() == state);
    }

    private static CircuitBreaker breaker(RunningSwitchboard sb) {
        return sb.context().getRegistry().lookupByNameAndType("twilioBreaker", CircuitBreaker.class);
    }

    private static void assertDeliveredOnce(RunningSwitchboard sb, TwilioSandbox twilio, List<String> ids) {
        for (String id : ids) {
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> "delivered".equals(message(sb, id).get("status").asText()));
            } catch (ConditionTimeoutException e) {
                // Say where it stopped: the message's history and the breaker, not only "not fulfilled".
                throw new AssertionError("not delivered within 30 s: " + message(sb, id) + "; breaker "
                        + breaker(sb).getState() + "; create POSTs " + twilio.createRequests(), e);
            }
        }
        for (String to : RECIPIENTS) {
            assertThat(twilio.createRequestsTo(to)).as("POSTs to %s", to).isEqualTo(1);
        }
        assertThat(twilio.messagesCreated()).isEqualTo(RECIPIENTS.size());
    }

    private static JsonNode message(RunningSwitchboard sb, String id) {
        return Json.parse(sb.get("/api/v1/messages/" + id).body());
    }

    private static int port(TwilioSandbox twilio) {
        return Integer.parseInt(twilio.baseUrl().replaceAll(".*:", ""));
    }
}
