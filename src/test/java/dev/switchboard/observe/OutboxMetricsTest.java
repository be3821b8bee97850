package dev.switchboard.observe;

import dev.switchboard.config.Settings;
import dev.switchboard.store.Database;
import dev.switchboard.store.OpsStore;
import dev.switchboard.testing.TestDatabases;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The gauges' refresh backs off by its own cost (on a real embedded database; the clock is the test's). */
class OutboxMetricsTest {

    private static final long SECOND = 1_000_000_000L;
    private static final Instant NOW = Instant.parse("2030-01-01T09:00:00Z");

    private Database database;
    private final AtomicLong nanos = new AtomicLong();
    private long queryCost;
    private OutboxMetrics metrics;
    private int rows;

    @BeforeEach
    void open() {
        Map<String, String> settings = Map.of("switchboard.db.url", TestDatabases.freshH2("outbox_metrics"));
        database = Database.open(new Settings(key -> Optional.ofNullable(settings.get(key))));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        // Each reading of the clock after the first of a refresh lands queryCost later: the refresh "took" that long.
        metrics = new OutboxMetrics(new OpsStore(database.dataSource()), () -> registry, Clock.fixed(NOW, ZoneOffset.UTC),
                () -> nanos.getAndAdd(queryCost));
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void a_cheap_refresh_runs_at_every_tick() throws SQLException {
        queryCost = SECOND / 100;
        waiting();
        metrics.refresh();
        assertThat(metrics.depth()).isEqualTo(1);

        waiting();
        tick(15);
        metrics.refresh();

        assertThat(metrics.depth()).isEqualTo(2);
    }

    @Test
    void a_refresh_that_took_3_s_is_not_repeated_for_60_s() throws SQLException {
        queryCost = 3 * SECOND;
        waiting();
        metrics.refresh(); // started at 0, took 3 s: the next no sooner than 60 s after 0
        assertThat(metrics.depth()).isEqualTo(1);

        waiting();
        tick(15);
        metrics.refresh();
        tick(15);
        metrics.refresh();
        tick(15);
        metrics.refresh();
        assertThat(metrics.depth()).as("skipped: the last values stay").isEqualTo(1);

        tick(15);
        metrics.refresh();
        assertThat(metrics.depth()).isEqualTo(2);
    }

    private void tick(long seconds) {
        nanos.addAndGet(seconds * SECOND);
    }

    /** One more message waiting in the outbox. */
    private void waiting() throws SQLException {
        rows++;
        try (Connection c = database.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO message (id, channel, to_number, segments, encoding, status, source, fingerprint,"
                        + " next_attempt_at, created_at, updated_at) VALUES (?, 'sms', '+14155550100', 1, 'GSM-7',"
                        + " 'accepted', 'http', 'f', ?, ?, ?)")) {
            Timestamp at = Timestamp.from(NOW);
            ps.setString(1, "msg_test_" + rows);
            ps.setTimestamp(2, at);
            ps.setTimestamp(3, at);
            ps.setTimestamp(4, at);
            ps.executeUpdate();
        }
    }
}
