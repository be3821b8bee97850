package dev.switchboard.ui;

import dev.switchboard.settings.Settings;
import dev.switchboard.store.Database;
import dev.switchboard.store.Ids;
import dev.switchboard.store.OpsStore;
import dev.switchboard.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The charts' data from a real embedded database: minutes, outcomes, ratio, error codes, and how long a reading lasts. */
class TrafficChartsTest {

    private static final Instant NOW = Instant.parse("2030-01-01T09:00:30Z");

    private Database database;
    private final AtomicLong nanos = new AtomicLong();
    private TrafficCharts charts;

    @BeforeEach
    void open() {
        Map<String, String> settings = Map.of("switchboard.db.url", TestDatabases.freshH2("traffic_charts"));
        database = Database.open(new Settings(key -> Optional.ofNullable(settings.get(key))));
        charts = new TrafficCharts(new OpsStore(database.dataSource()), Clock.fixed(NOW, ZoneOffset.UTC), nanos::get);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void an_hour_of_minutes_with_each_message_under_its_outcome_by_the_minute_it_was_accepted() throws SQLException {
        insert("sms", "delivered", null, NOW.minusSeconds(10));          // 09:00
        insert("sms", "read", null, NOW.minusSeconds(20));                // 09:00
        insert("whatsapp", "undelivered", 30003, NOW.minusSeconds(70));   // 08:59
        insert("sms", "failed", 21212, NOW.minusSeconds(75));             // 08:59
        insert("sms", "sent", null, NOW.minusSeconds(75));                // 08:59
        insert("sms", "suppressed", null, NOW.minusSeconds(600));         // 08:50
        insert("sms", "canceled", null, NOW.minusSeconds(600));           // 08:50
        insert("sms", "accepted", null, NOW.minusSeconds(1200));          // 08:40
        insert("voice", "failed", 13224, NOW.minusSeconds(10));           // a call: not on these charts
        insert("sms", "failed", 30003, NOW.minus(Duration.ofMinutes(61))); // older than the hour

        Map<String, Object> json = charts.compute(NOW);

        List<Map<String, Object>> minutes = minutes(json);
        assertThat(minutes).hasSize(60);
        assertThat(minutes.get(0).get("at")).isEqualTo("2030-01-01T08:01:00Z");
        assertThat(minutes.get(59).get("at")).isEqualTo("2030-01-01T09:00:00Z");
        assertThat(minutes.get(59)).containsEntry("delivered", 2L).containsEntry("failed", 0L);
        assertThat(minutes.get(58)).containsEntry("failed", 2L).containsEntry("sent", 1L);
        assertThat(minutes.get(49)).containsEntry("suppressed", 2L);
        assertThat(minutes.get(39)).containsEntry("pending", 1L);
        assertThat(minutes.get(10)).containsEntry("delivered", 0L).containsEntry("pending", 0L);
        assertThat(json.get("totals")).isEqualTo(Map.of("delivered", 2L, "sent", 1L, "pending", 1L, "failed", 2L,
                "suppressed", 2L));
        @SuppressWarnings("unchecked")
        Map<String, Object> delivery = (Map<String, Object>) json.get("delivery");
        assertThat(delivery).containsEntry("delivered", 2L).containsEntry("settled", 4L).containsEntry("ratio", 0.5);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> codes = (List<Map<String, Object>>) json.get("errorCodes");
        assertThat(codes).extracting(c -> c.get("code")).containsExactly(21212, 30003);
        assertThat(codes).extracting(c -> c.get("count")).containsExactly(1L, 1L);
        assertThat(codes.get(0).get("description")).isEqualTo("Invalid 'From' number or sender ID");
    }

    @Test
    void the_top_error_codes_are_the_most_frequent_first_at_most_eight() throws SQLException {
        for (int code = 30001; code <= 30010; code++) {
            for (int i = 0; i <= code - 30001; i++) {
                insert("sms", "undelivered", code, NOW.minusSeconds(30));
            }
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> codes = (List<Map<String, Object>>) charts.compute(NOW).get("errorCodes");
        assertThat(codes).extracting(c -> c.get("code"))
                .containsExactly(30010, 30009, 30008, 30007, 30006, 30005, 30004, 30003);
    }

    @Test
    void no_settled_message_has_no_ratio_rather_than_zero() throws SQLException {
        insert("sms", "sent", null, NOW.minusSeconds(5));
        @SuppressWarnings("unchecked")
        Map<String, Object> delivery = (Map<String, Object>) charts.compute(NOW).get("delivery");
        assertThat(delivery).containsEntry("settled", 0L).containsEntry("ratio", null);
    }

    @Test
    void a_reading_is_kept_for_five_seconds_then_read_anew() throws SQLException {
        Map<String, Object> first = charts.read();
        insert("sms", "delivered", null, NOW.minusSeconds(5));
        nanos.addAndGet(Duration.ofSeconds(4).toNanos());
        assertThat(charts.read()).isSameAs(first);
        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(totals(charts.read())).containsEntry("delivered", 1L);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> minutes(Map<String, Object> json) {
        return (List<Map<String, Object>>) json.get("minutes");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Long> totals(Map<String, Object> json) {
        return (Map<String, Long>) json.get("totals");
    }

    private void insert(String channel, String status, Integer errorCode, Instant created) throws SQLException {
        try (Connection c = database.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO message (id, channel, to_number, segments, encoding, status, source, fingerprint,"
                        + " error_code, created_at, updated_at) VALUES (?, ?, '+14155550100', 1, 'GSM-7', ?, 'http', 'f',"
                        + " ?, ?, ?)")) {
            ps.setString(1, Ids.newMessageId(created.toEpochMilli()));
            ps.setString(2, channel);
            ps.setString(3, status);
            ps.setObject(4, errorCode);
            ps.setTimestamp(5, Timestamp.from(created));
            ps.setTimestamp(6, Timestamp.from(created));
            ps.executeUpdate();
        }
    }
}
