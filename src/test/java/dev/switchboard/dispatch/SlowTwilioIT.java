package dev.switchboard.dispatch;

import dev.switchboard.testing.Backend;
import dev.switchboard.testing.Json;
import dev.switchboard.testing.RunningSwitchboard;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Twilio slower than the send queue drains: messages wait for a Twilio thread longer than their claims last.
 * Without {@link LeaseGuard} a claim expires in the queue, another poll claims the message again and both
 * copies are sent. With it, a message that waited half its lease is released unsent and goes once, later.
 */
class SlowTwilioIT {

    @Test
    void messages_queued_longer_than_their_lease_allows_are_sent_once_each() {
        Map<String, String> settings = new HashMap<>(Backend.POSTGRES.freshDatabase("slow_twilio"));
        settings.put("switchboard.sandbox.latency-ms", "2500");
        settings.put("switchboard.dispatch.concurrency", "1");
        settings.put("switchboard.outbox.lease-ms", "4000");
        try (RunningSwitchboard sb = RunningSwitchboard.start(settings)) {
            List<String> ids = new ArrayList<>();
            List<String> recipients = List.of("+14155550171", "+14155550172", "+14155550173", "+14155550174");
            for (String to : recipients) {
                HttpResponse<String> r = sb.postMessage("{\"to\":\"" + to + "\",\"body\":\"slow\"}");
                assertThat(r.statusCode()).isEqualTo(202);
                ids.add(Json.parse(r.body()).get("id").asText());
            }

            for (String id : ids) {
                await().atMost(Duration.ofSeconds(60)).until(
                        () -> Json.parse(sb.get("/api/v1/messages/" + id).body()).get("twilioSid"), s -> !s.isNull());
            }

            for (String to : recipients) {
                assertThat(sb.sandbox().createRequestsTo(to)).as(to).isEqualTo(1);
            }
            assertThat(sb.sandbox().messagesCreated()).isEqualTo(4);
            // Which ones waited too long depends on the claim order; with one Twilio thread some must have.
            assertThat(ids).anySatisfy(id -> assertThat(Json.parse(sb.get("/api/v1/messages/" + id).body())
                    .get("events").toString()).contains("released unsent"));
        }
    }
}
