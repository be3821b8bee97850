package dev.switchboard.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import dev.switchboard.testing.Backend;
import dev.switchboard.testing.Json;
import dev.switchboard.testing.RunningSwitchboard;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An attempt whose outcome is unknown (5xx after Twilio created the message, read time-out, a claim that
 * expired mid-request) is looked up at Twilio before any resend: one text per message, on PostgreSQL and the
 * sandbox over HTTP.
 */
class AmbiguousSendsIT {

    private static final String TO = "+14155550170";

    @Test
    void a_500_after_twilio_created_the_message_is_reconciled_and_not_sent_again() {
        try (RunningSwitchboard sb = RunningSwitchboard.start(settings("ambiguous_500"))) {
            sb.sandbox().messageFaults().createThenFail(1, 500);

            String id = submit(sb, "created, then a 500");
            JsonNode m = awaitStatus(sb, id, "delivered");

            assertThat(sb.sandbox().createRequestsTo(TO)).isEqualTo(1);
            assertThat(sb.sandbox().messagesCreated()).isEqualTo(1);
            assertThat(m.get("twilioSid").asText()).isEqualTo(sandboxSids(sb).get(0));
            assertThat(m.get("events").toString()).contains("outcome unknown").contains("reconciled");
            assertThat(sb.get("/observe/metrics").body()).contains("switchboard_reconciliations_total{outcome=\"found\"} 1.0");
        }
    }

    @Test
    void lookups_beyond_the_budget_wait_their_turn_uncounted_and_each_message_is_still_sent_once() {
        Map<String, String> settings = settings("ambiguous_budget");
        settings.put("switchboard.reconcile.lookup-concurrency", "1");
        settings.put("switchboard.reconcile.lookups-per-second", "0.5");
        settings.put("switchboard.reconcile.lookup-defer-ms", "200");
        try (RunningSwitchboard sb = RunningSwitchboard.start(settings)) {
            sb.sandbox().messageFaults().createThenFail(4, 500);

            List<String> ids = new ArrayList<>();
            for (int i = 1; i <= 4; i++) {
                ids.add(submit(sb, "budget " + i));
            }
            List<JsonNode> done = new ArrayList<>();
            for (String id : ids) {
                done.add(awaitStatus(sb, id, "delivered", Duration.ofSeconds(40)));
            }

            // One look-up every 2 s for four messages that became ambiguous about a second apart: some waited.
            assertThat(done).anySatisfy(m -> assertThat(m.get("events").toString()).contains("reconciliation deferred"));
            assertThat(done).allSatisfy(m -> {
                assertThat(m.get("events").toString()).contains("reconciled");
                assertThat(m.get("attempts").asInt()).isEqualTo(1); // a deferral is not an attempt
            });
            assertThat(sb.sandbox().createRequestsTo(TO)).isEqualTo(4);
            assertThat(sb.sandbox().messagesCreated()).isEqualTo(4);
            // A message that waited says so in a metric too, not only in its history.
            assertThat(sb.get("/observe/metrics").body()).contains("switchboard_reconciliations_total{outcome=\"found\"} 4.0")
                    .containsPattern("switchboard_reconciliations_total\\{outcome=\"deferred\"} [1-9]");
        }
    }

    @Test
    void a_read_timeout_where_twilio_created_nothing_is_sent_once_more() {
        Map<String, String> settings = settings("ambiguous_timeout");
        settings.put("switchboard.twilio.read-timeout-ms", "700");
        try (RunningSwitchboard sb = RunningSwitchboard.start(settings)) {
            sb.sandbox().messageFaults().stallWithoutCreating(1, 1500);

            String id = submit(sb, "timed out, never created");
            JsonNode m = awaitStatus(sb, id, "delivered");

            assertThat(sb.sandbox().createRequestsTo(TO)).isEqualTo(2);
            assertThat(sb.sandbox().messagesCreated()).isEqualTo(1);
            assertThat(m.get("twilioSid").asText()).isEqualTo(sandboxSids(sb).get(0));
            assertThat(m.get("events").toString()).contains("outcome unknown");
        }
    }

    @Test
    void a_claim_that_expired_while_its_request_was_in_flight_is_reconciled_not_resent() {
        Map<String, String> settings = settings("ambiguous_lost_answer");
        settings.put("switchboard.outbox.lease-ms", "1500");
        settings.put("switchboard.twilio.read-timeout-ms", "10000");
        try (RunningSwitchboard sb = RunningSwitchboard.start(settings)) {
            // Twilio creates it, but its answer comes after the lease: the claim expires with no outcome
            // recorded, as after a kill -9 between Twilio's 201 and the SID write.
            sb.sandbox().messageFaults().createThenStall(1, 4000);

            String id = submit(sb, "answer lost");
            JsonNode m = awaitStatus(sb, id, "delivered");

            assertThat(m.get("twilioSid").asText()).isEqualTo(sandboxSids(sb).get(0));
            assertThat(m.get("events").toString()).contains("reconciled");
            // Past the stalled answer and several more leases: still the one POST.
            await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(8))
                    .until(() -> sb.sandbox().createRequestsTo(TO) == 1);
            assertThat(sb.sandbox().messagesCreated()).isEqualTo(1);
        }
    }

    @Test
    void retry_mode_resends_without_a_lookup_and_may_text_twice() {
        Map<String, String> settings = settings("ambiguous_retry_mode");
        settings.put("switchboard.ambiguous", "retry");
        try (RunningSwitchboard sb = RunningSwitchboard.start(settings)) {
            sb.sandbox().messageFaults().createThenFail(1, 502);

            String id = submit(sb, "resent blindly");
            awaitStatus(sb, id, "delivered");

            assertThat(sb.sandbox().createRequestsTo(TO)).isEqualTo(2);
            assertThat(sb.sandbox().messagesCreated()).isEqualTo(2); // the documented risk of this mode
        }
    }

    @Test
    void fail_mode_fails_the_message_with_reason_ambiguous_and_never_resends() {
        Map<String, String> settings = settings("ambiguous_fail_mode");
        settings.put("switchboard.ambiguous", "fail");
        try (RunningSwitchboard sb = RunningSwitchboard.start(settings)) {
            sb.sandbox().messageFaults().createThenFail(1, 503);

            String id = submit(sb, "not resent");
            JsonNode m = awaitStatus(sb, id, "failed");

            assertThat(m.get("reason").asText()).isEqualTo("ambiguous");
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                    .until(() -> sb.sandbox().createRequestsTo(TO) == 1);
        }
    }

    @Test
    void past_max_age_a_message_fails_with_reason_max_age_and_is_never_attempted_again() {
        Map<String, String> settings = settings("retry_max_age");
        settings.put("switchboard.retry.max-age-ms", "1500");
        settings.put("switchboard.retry.max-attempts", "1000");
        settings.put("switchboard.breaker.min-calls", "1000");
        try (RunningSwitchboard sb = RunningSwitchboard.start(settings)) {
            sb.sandbox().failNext(1000, 429);

            String id = submit(sb, "too late");
            JsonNode m = awaitStatus(sb, id, "failed");
            int posts = sb.sandbox().createRequestsTo(TO);

            assertThat(m.get("reason").asText()).isEqualTo("max_age");
            // Each 429 pushes the sender back by its Retry-After (1 s): within the 1.5 s max age, one or two tries.
            assertThat(posts).isGreaterThanOrEqualTo(1);
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                    .until(() -> sb.sandbox().createRequestsTo(TO) == posts);
            assertThat(sb.sandbox().messagesCreated()).isZero();
        }
    }

    static Map<String, String> settings(String db) {
        return new HashMap<>(Backend.POSTGRES.freshDatabase(db));
    }

    static String submit(RunningSwitchboard sb, String body) {
        return Json.parse(sb.postMessage("{\"to\":\"" + TO + "\",\"body\":\"" + body + "\"}").body()).get("id").asText();
    }

    static JsonNode awaitStatus(RunningSwitchboard sb, String id, String status) {
        return awaitStatus(sb, id, status, Duration.ofSeconds(20));
    }

    static JsonNode awaitStatus(RunningSwitchboard sb, String id, String status, Duration atMost) {
        return await().atMost(atMost).until(
                () -> Json.parse(sb.get("/api/v1/messages/" + id).body()), m -> m.get("status").asText().equals(status));
    }

    /** The SIDs the sandbox created, read back through Twilio's list endpoint. */
    static List<String> sandboxSids(RunningSwitchboard sb) {
        TwilioRestClient client = sb.context().getRegistry().lookupByNameAndType("twilioRestClient", TwilioRestClient.class);
        List<String> sids = new ArrayList<>();
        Message.reader().read(client).forEach(m -> sids.add(m.getSid()));
        return sids;
    }
}
