package dev.switchboard.observe;

import dev.switchboard.settings.Settings;
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
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        firstRefreshTaking(SECOND / 100);

        waiting();
        tick(15);
        metrics.refresh();

        assertThat(metrics.depth()).isEqualTo(2);
    }

    @Test
    void a_refresh_that_took_3_s_is_not_repeated_for_60_s() throws SQLException {
        firstRefreshTaking(3 * SECOND); // started at 0, took 3 s: the next no sooner than 60 s after 0

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

    @Test
    void a_refresh_that_failed_sets_no_back_off() throws SQLException {
        firstRefreshTaking(SECOND / 100);

        // A read that fails after waiting 30 s for the database (here: the table is gone).
        queryCost = 30 * SECOND;
        rename("message", "message_away");
        tick(15);
        assertThatThrownBy(metrics::refresh).isInstanceOf(RuntimeException.class);
        rename("message_away", "message");

        queryCost = SECOND / 100;
        waiting();
        tick(15);
        metrics.refresh();
        assertThat(metrics.depth()).as("read at the next tick, not 600 s later").isEqualTo(2);
    }

    /** One message waiting, read by a first refresh that takes {@code nanos}. */
    private void firstRefreshTaking(long nanos) throws SQLException {
        queryCost = nanos;
        waiting();
        metrics.refresh();
        assertThat(metrics.depth()).isEqualTo(1);
    }

    private void rename(String from, String to) throws SQLException {
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE " + from + " RENAME TO " + to);
        }
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
