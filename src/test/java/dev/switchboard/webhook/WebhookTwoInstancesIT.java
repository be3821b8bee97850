package dev.switchboard.webhook;

import dev.switchboard.sandbox.SandboxConfig;
import dev.switchboard.sandbox.TwilioSandbox;
import dev.switchboard.testing.RunningSwitchboard;
import dev.switchboard.testing.TestDatabases;
import dev.switchboard.testing.WebhookReceiver;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.switchboard.webhook.WebhookTesting.acknowledged;
import static dev.switchboard.webhook.WebhookTesting.endpoint;
import static dev.switchboard.webhook.WebhookTesting.expectedIds;
import static dev.switchboard.webhook.WebhookTesting.sms;
import static dev.switchboard.webhook.WebhookTesting.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Two instances on one database, both fanning out and sending: each event is delivered by one of them, once. */
class WebhookTwoInstancesIT {

    private static final int MESSAGES = 40;

    @Test
    void each_event_is_delivered_once_between_two_instances() throws Exception {
        String db = TestDatabases.freshPostgresSchema("webhook_two_instances");
        try (TwilioSandbox twilio = TwilioSandbox.start(SandboxConfig.defaults());
             RunningSwitchboard a = RunningSwitchboard.start(settings(db, twilio, "a"));
             RunningSwitchboard b = RunningSwitchboard.start(settings(db, twilio, "b"));
             WebhookReceiver receiver = WebhookReceiver.start()) {
            String[] e = endpoint(a, receiver.url("/both"));
            receiver.plan(204, 0, 0, null, List.of(e[1]));
            List<String> messages = new ArrayList<>();
            for (int i = 0; i < MESSAGES; i++) {
                messages.add(sms(i % 2 == 0 ? a : b, "+1415555070" + (i % 10), "two-" + i));
            }
            // The shared sandbox now and then leaves one message at "sent" (no callback): its events so far are enough.
            await().atMost(Duration.ofSeconds(60)).until(() -> messages.stream()
                    .allMatch(m -> Set.of("sent", "delivered").contains(status(a, m))));
            Set<String> expected = expectedIds(db, messages);
            await().atMost(Duration.ofSeconds(60)).until(() -> new HashSet<>(acknowledged(receiver)).containsAll(expected));
            assertThat(acknowledged(receiver)).doesNotHaveDuplicates().hasSize(expected.size());
            assertThat(receiver.received()).allSatisfy(r -> assertThat(r.get("verified").get(0).asBoolean()).isTrue());
        }
    }

    private static Map<String, String> settings(String db, TwilioSandbox twilio, String instance) {
        Map<String, String> s = WebhookTesting.settings(db);
        s.putAll(RunningSwitchboard.usingTwilio(twilio));
        s.put("switchboard.instance.id", instance);
        s.put("switchboard.webhook.batch", "5");
        return s;
    }
}
