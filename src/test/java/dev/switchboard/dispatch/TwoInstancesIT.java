package dev.switchboard.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.sandbox.SandboxConfig;
import dev.switchboard.sandbox.TwilioSandbox;
import dev.switchboard.testing.Json;
import dev.switchboard.testing.RunningSwitchboard;
import dev.switchboard.testing.TestDatabases;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Two Switchboard instances share one PostgreSQL outbox and one Twilio: every message is sent exactly once. */
class TwoInstancesIT {

    private static final int MESSAGES = 300;
    private static final Pattern BY = Pattern.compile(" by (\\S+):");

    @Test
    void two_dispatchers_on_one_database_send_every_message_exactly_once() {
        String db = TestDatabases.freshPostgresSchema("two_instances");
        try (TwilioSandbox twilio = TwilioSandbox.start(SandboxConfig.defaults().withLatencyMillis(5));
             RunningSwitchboard a = RunningSwitchboard.start(settings(db, twilio, "a"));
             RunningSwitchboard b = RunningSwitchboard.start(settings(db, twilio, "b"))) {
            for (int i = 0; i < MESSAGES; i++) {
                RunningSwitchboard door = i % 2 == 0 ? a : b;
                assertThat(door.postMessage("{\"to\":\"+14155550100\",\"body\":\"n" + i + "\"}").statusCode()).isEqualTo(202);
            }

            await().atMost(Duration.ofSeconds(60)).until(() -> twilio.createRequests() >= MESSAGES && undispatched(a) == 0);

            List<Map<String, String>> created = twilio.createdParams();
            Set<String> bodies = new HashSet<>();
            created.forEach(p -> bodies.add(p.get("Body")));
            assertThat(twilio.createRequests()).isEqualTo(MESSAGES);
            assertThat(created).hasSize(MESSAGES);
            assertThat(bodies).hasSize(MESSAGES);
            assertThat(senders(db)).containsOnlyKeys("a", "b"); // both instances really dispatched
            assertThat(senders(db).values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(MESSAGES);
        }
    }

    private static Map<String, String> settings(String db, TwilioSandbox twilio, String instance) {
        Map<String, String> s = new HashMap<>(RunningSwitchboard.usingTwilio(twilio));
        s.put("switchboard.db.url", db);
        s.put("switchboard.instance.id", instance);
        s.put("switchboard.outbox.batch", "20");
        s.put("switchboard.rate.mps", "1000");
        return s;
    }

    private static long undispatched(RunningSwitchboard sb) {
        JsonNode page = Json.parse(sb.get("/api/v1/messages?status=accepted&limit=200").body());
        return page.get("items").size();
    }

    /** How many messages each instance handed to Twilio, from the history the dispatcher wrote. */
    private static Map<String, Integer> senders(String db) {
        Map<String, Integer> counts = new HashMap<>();
        try (Connection c = DriverManager.getConnection(db);
             PreparedStatement ps = c.prepareStatement("SELECT detail FROM message_event WHERE source = 'twilio-api'");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Matcher m = BY.matcher(rs.getString(1));
                assertThat(m.find()).isTrue();
                counts.merge(m.group(1), 1, Integer::sum);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return counts;
    }
}
