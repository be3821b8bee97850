package dev.switchboard.dispatch;

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
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Stopping mid-batch: requests already with Twilio finish and are recorded, claimed messages not yet sent are due
 * again at once (not after the lease), and another instance sends them: no message is POSTed twice.
 */
class GracefulShutdownIT {

    private static final int MESSAGES = 6;

    @Test
    void stopping_finishes_requests_in_flight_and_releases_the_rest_of_the_batch() throws Exception {
        String db = TestDatabases.freshPostgresSchema("graceful_shutdown");
        try (TwilioSandbox twilio = TwilioSandbox.start(SandboxConfig.defaults().withLatencyMillis(1500))) {
            RunningSwitchboard a = RunningSwitchboard.start(settings(db, twilio, "a"));
            List<String> ids = new ArrayList<>();
            try {
                // All six wait until dispatch starts, so one claim takes them all; two reach Twilio at a time.
                a.context().getRouteController().stopRoute("dispatch-due");
                for (int i = 0; i < MESSAGES; i++) {
                    ids.add(Json.parse(a.postMessage("{\"to\":\"+14155550100\",\"body\":\"n" + i + "\"}").body())
                            .get("id").asText());
                }
                a.context().getRouteController().startRoute("dispatch-due");
                await().atMost(Duration.ofSeconds(10)).until(() -> twilio.createRequests() == 2);
                assertThat(rows(db).values()).allMatch(r -> "a".equals(r.owner())); // the whole batch is claimed
            } finally {
                a.close(); // returns once the two requests in flight have their answers
            }

            assertThat(twilio.createRequests()).isEqualTo(2);
            Map<String, Row> after = rows(db);
            List<Row> sent = after.values().stream().filter(r -> r.sid() != null).toList();
            List<Row> released = after.values().stream().filter(r -> r.sid() == null).toList();
            assertThat(sent).hasSize(2); // finished and recorded, not abandoned
            assertThat(released).hasSize(MESSAGES - 2).allSatisfy(r -> {
                assertThat(r.owner()).isNull();
                assertThat(r.attempts()).isZero();
                assertThat(r.due()).isBefore(Instant.now()); // due now, not a lease (60 s) from the claim
            });

            try (RunningSwitchboard b = RunningSwitchboard.start(settings(db, twilio, "b"))) {
                await().atMost(Duration.ofSeconds(20)).until(() -> rows(db).values().stream().allMatch(r -> r.sid() != null));
                assertThat(twilio.createRequests()).isEqualTo(MESSAGES);
                List<Map<String, String>> created = twilio.createdParams();
                HashSet<String> bodies = new HashSet<>();
                created.forEach(p -> bodies.add(p.get("Body")));
                assertThat(created).hasSize(MESSAGES);
                assertThat(bodies).hasSize(MESSAGES);
            }
        }
    }

    private static Map<String, String> settings(String db, TwilioSandbox twilio, String instance) {
        Map<String, String> s = new HashMap<>(RunningSwitchboard.usingTwilio(twilio));
        s.put("switchboard.db.url", db);
        s.put("switchboard.instance.id", instance);
        s.put("switchboard.dispatch.concurrency", "2");
        return s;
    }

    private record Row(String owner, String sid, int attempts, Instant due) {
    }

    private static Map<String, Row> rows(String db) {
        Map<String, Row> rows = new HashMap<>();
        try (Connection c = DriverManager.getConnection(db);
             PreparedStatement ps = c.prepareStatement(
                     "SELECT id, lease_owner, twilio_sid, attempts, next_attempt_at FROM message");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                java.sql.Timestamp due = rs.getTimestamp(5);
                rows.put(rs.getString(1), new Row(rs.getString(2), rs.getString(3), rs.getInt(4),
                        due == null ? null : due.toInstant()));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }
}
