package dev.switchboard.dispatch;

import dev.switchboard.testing.RunningSwitchboard;
import dev.switchboard.testing.TestDatabases;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The account-wide throttle holds Twilio calls to SWITCHBOARD_RATE_MPS: never faster, in any stretch of the run (a
 * behaviour, not a speed; accuracy is measured in the benchmark harness).
 */
class ThrottleIT {

    @Test
    void messages_reach_twilio_no_faster_than_the_configured_rate() {
        String db = TestDatabases.freshPostgresSchema("throttle");
        Map<String, String> settings = new HashMap<>(Map.of("switchboard.db.url", db));
        settings.put("switchboard.rate.mps", "5");
        try (RunningSwitchboard sb = RunningSwitchboard.start(settings)) {
            for (int i = 0; i < 15; i++) {
                assertThat(sb.postMessage("{\"to\":\"+14155550100\",\"body\":\"t" + i + "\"}").statusCode()).isEqualTo(202);
            }

            List<OffsetDateTime> sent = await().atMost(Duration.ofSeconds(20)).until(() -> sentTimes(db), t -> t.size() == 15);

            // At 5 per second, any six in a row span at least one second (less one interval for jitter in when each
            // answer was recorded), and so the fifteen at least 2.6 s; unthrottled they take about 0.1 s.
            for (int i = 0; i + 5 < sent.size(); i++) {
                assertThat(Duration.between(sent.get(i), sent.get(i + 5))).as("sends %d to %d", i, i + 5)
                        .isGreaterThanOrEqualTo(Duration.ofMillis(800));
            }
            assertThat(Duration.between(sent.get(0), sent.get(14))).isGreaterThanOrEqualTo(Duration.ofMillis(2_600));
        }
    }

    private static List<OffsetDateTime> sentTimes(String db) {
        List<OffsetDateTime> times = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(db);
             PreparedStatement ps = c.prepareStatement(
                     "SELECT occurred_at FROM message_event WHERE source = 'twilio-api' ORDER BY occurred_at");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                times.add(rs.getObject(1, OffsetDateTime.class));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return times;
    }
}
