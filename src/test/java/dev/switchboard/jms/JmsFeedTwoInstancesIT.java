package dev.switchboard.jms;

import dev.switchboard.sandbox.SandboxConfig;
import dev.switchboard.sandbox.TwilioSandbox;
import dev.switchboard.testing.Json;
import dev.switchboard.testing.RunningSwitchboard;
import dev.switchboard.testing.TestDatabases;
import jakarta.jms.JMSException;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Two instances on one database: the status-event feed is published by one at a time, each event once. */
class JmsFeedTwoInstancesIT {

    private static final int MESSAGES = 40;

    @Test
    void two_instances_publish_every_status_event_exactly_once_between_them() throws JMSException, SQLException {
        String db = TestDatabases.freshPostgresSchema("jms_feed_two_instances");
        Queue<Long> received = new ConcurrentLinkedQueue<>();
        try (TwilioSandbox twilio = TwilioSandbox.start(SandboxConfig.defaults());
             RunningSwitchboard a = RunningSwitchboard.start(settings(db, twilio, "a"));
             RunningSwitchboard b = RunningSwitchboard.start(settings(db, twilio, "b"));
             JmsClient onA = new JmsClient(a); JmsClient onB = new JmsClient(b)) {
            for (JmsClient client : List.of(onA, onB)) {
                client.subscribe("switchboard.events").setMessageListener(m -> {
                    try {
                        received.add(m.getLongProperty("SwitchboardEventId"));
                    } catch (JMSException e) {
                        throw new IllegalStateException(e);
                    }
                });
            }

            for (int i = 0; i < MESSAGES; i++) {
                RunningSwitchboard door = i % 2 == 0 ? a : b;
                assertThat(door.postMessage("{\"to\":\"+14155550100\",\"body\":\"n" + i + "\"}").statusCode()).isEqualTo(202);
            }

            await().atMost(Duration.ofSeconds(60)).until(() -> delivered(a) == MESSAGES
                    && new HashSet<>(received).containsAll(appliedEventIds(db)));
            assertThat(received).doesNotHaveDuplicates();
            assertThat(new HashSet<>(received)).isEqualTo(appliedEventIds(db));
            // Accepted, queued and delivered at least (a late "sent" may be history only).
            assertThat(received).hasSizeGreaterThanOrEqualTo(MESSAGES * 3);
        }
    }

    private static Map<String, String> settings(String db, TwilioSandbox twilio, String instance) {
        Map<String, String> s = new HashMap<>(RunningSwitchboard.usingTwilio(twilio));
        s.put("switchboard.db.url", db);
        s.put("switchboard.instance.id", instance);
        s.put("switchboard.jms.publish-ms", "20");
        s.put("switchboard.jms.publish-batch", "5");
        return s;
    }

    private static long delivered(RunningSwitchboard sb) {
        return Json.parse(sb.get("/api/v1/messages?status=delivered&limit=200").body()).get("items").size();
    }

    private static Set<Long> appliedEventIds(String db) throws SQLException {
        Set<Long> ids = new HashSet<>();
        try (Connection c = DriverManager.getConnection(db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id FROM message_event WHERE applied = TRUE")) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }
}
