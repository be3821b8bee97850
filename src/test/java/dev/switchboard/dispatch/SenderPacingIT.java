package dev.switchboard.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.sandbox.SandboxConfig;
import dev.switchboard.sandbox.TwilioSandbox;
import dev.switchboard.testing.Backend;
import dev.switchboard.testing.Json;
import dev.switchboard.testing.RunningSwitchboard;
import dev.switchboard.testing.TestDatabases;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Each sender keeps to its own rate and all of them together to the account's, across instances, on real
 * PostgreSQL with the sandbox. Limits are asserted as "never more than rate + 1 in any second" and lower
 * bounds on duration (behaviours); accuracy is measured in bench/throttle.
 */
class SenderPacingIT {

    private static final String LONG_CODE = "+14155550101";
    private static final String TOLL_FREE = "+18005550102";

    @Test
    void two_senders_each_keep_their_own_rate_and_together_the_account_rate() {
        Map<String, String> settings = new HashMap<>(Backend.POSTGRES.freshDatabase("pacing_two_senders"));
        settings.put("switchboard.rate.mps", "5");
        settings.put("switchboard.rate.long-code", "2");
        settings.put("switchboard.rate.toll-free", "4");
        SendLog log = new SendLog();
        try (RunningSwitchboard sb = RunningSwitchboard.start(settings, log::watch)) {
            for (int i = 0; i < 10; i++) {
                submit(sb, LONG_CODE, "a" + i);
                submit(sb, TOLL_FREE, "b" + i);
            }

            await().atMost(Duration.ofSeconds(30)).until(() -> log.count() == 20);

            assertThat(log.busiestSecond(LONG_CODE)).isLessThanOrEqualTo(3);
            assertThat(log.busiestSecond(TOLL_FREE)).isLessThanOrEqualTo(5);
            assertThat(log.busiestSecond(null)).isLessThanOrEqualTo(6);
            // Ten at 2 per second take 4.5 s; unpaced they take a few milliseconds.
            assertThat(log.span(LONG_CODE)).isGreaterThanOrEqualTo(Duration.ofMillis(4_000));
            assertThat(log.span(null)).isGreaterThanOrEqualTo(Duration.ofMillis(3_500));
        }
    }

    @Test
    void an_override_from_sender_rates_replaces_the_type_rate_for_that_number_only() {
        Map<String, String> settings = new HashMap<>(Backend.POSTGRES.freshDatabase("pacing_override"));
        settings.put("switchboard.sender.rates", LONG_CODE + "=4");
        String plain = "+14155550199";
        SendLog log = new SendLog();
        try (RunningSwitchboard sb = RunningSwitchboard.start(settings, log::watch)) {
            for (int i = 0; i < 8; i++) {
                submit(sb, LONG_CODE, "o" + i);
            }
            submit(sb, plain, "p0");
            submit(sb, plain, "p1");

            await().atMost(Duration.ofSeconds(20)).until(() -> log.count() == 10);

            // Never faster than the override (4 per second, one more for a window's edges)...
            assertThat(log.busiestSecond(LONG_CODE)).isLessThanOrEqualTo(5);
            // ...and not paced at the long-code default either: eight at 1 per second span at least 7 s.
            assertThat(log.span(LONG_CODE)).isLessThan(Duration.ofMillis(7_000));
            assertThat(log.span(plain)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        }
    }

    @Test
    void two_instances_on_one_database_stay_within_the_account_rate_together() {
        String db = TestDatabases.freshPostgresSchema("pacing_two_instances");
        SendLog log = new SendLog();
        try (TwilioSandbox twilio = TwilioSandbox.start(SandboxConfig.defaults());
             RunningSwitchboard a = RunningSwitchboard.start(instance(db, twilio, "a"), log::watch);
             RunningSwitchboard b = RunningSwitchboard.start(instance(db, twilio, "b"), log::watch)) {
            for (int i = 0; i < 40; i++) {
                assertThat((i % 2 == 0 ? a : b).postMessage("{\"to\":\"+14155550100\",\"body\":\"n" + i + "\"}")
                        .statusCode()).isEqualTo(202);
            }

            await().atMost(Duration.ofSeconds(30)).until(() -> log.count() == 40);

            assertThat(log.busiestSecond(null)).isLessThanOrEqualTo(11);
            assertThat(log.span(null)).isGreaterThanOrEqualTo(Duration.ofMillis(3_500));
            // The last request is logged as it leaves; it reaches the sandbox a moment later.
            await().atMost(Duration.ofSeconds(5)).until(twilio::createRequests, n -> n >= 40);
            assertThat(twilio.createRequests()).isEqualTo(40);
        }
    }

    @Test
    void a_429_delays_its_sender_by_retry_after_without_counting_an_attempt_or_failing() {
        Map<String, String> settings = new HashMap<>(Backend.POSTGRES.freshDatabase("pacing_429"));
        settings.put("switchboard.retry.max-attempts", "2");
        SendLog log = new SendLog();
        try (RunningSwitchboard sb = RunningSwitchboard.start(settings, log::watch)) {
            sb.sandbox().failNext(3, 429); // each with Retry-After: 1

            String id = submit(sb, null, "slowed down");
            JsonNode m = await().atMost(Duration.ofSeconds(20)).until(
                    () -> Json.parse(sb.get("/api/v1/messages/" + id).body()),
                    n -> n.get("status").asText().equals("delivered"));

            assertThat(m.get("attempts").asInt()).isEqualTo(1);
            assertThat(m.get("events").toString()).contains("429").doesNotContain("\"failed\"");
            assertThat(sb.sandbox().createRequests()).isEqualTo(4);
            assertThat(sb.sandbox().messagesCreated()).isEqualTo(1);
            // Three answers of Retry-After: 1 s each, honoured one after the other.
            assertThat(log.span(null)).isGreaterThanOrEqualTo(Duration.ofMillis(2_800));
        }
    }

    private static String submit(RunningSwitchboard sb, String from, String body) {
        String json = "{\"to\":\"+14155550100\"," + (from == null ? "" : "\"from\":\"" + from + "\",")
                + "\"body\":\"" + body + "\"}";
        var response = sb.postMessage(json);
        assertThat(response.statusCode()).isEqualTo(202);
        return Json.parse(response.body()).get("id").asText();
    }

    private static Map<String, String> instance(String db, TwilioSandbox twilio, String id) {
        Map<String, String> s = new HashMap<>(RunningSwitchboard.usingTwilio(twilio));
        s.put("switchboard.db.url", db);
        s.put("switchboard.instance.id", id);
        s.put("switchboard.rate.mps", "10");
        return s;
    }
}
