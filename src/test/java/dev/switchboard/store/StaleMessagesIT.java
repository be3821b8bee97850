package dev.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.domain.CheckSchedule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 17, lost callbacks: when a message Twilio has taken is fetched by SID, kept in the database ({@code check_at}),
 * on PostgreSQL and H2. The job that fetches is {@code StaleStatusIT}'s; here the schedule the rows carry.
 */
class StaleMessagesIT extends StoreTestBase {

    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final CheckSchedule SCHEDULE = CheckSchedule.DEFAULT;

    private StaleMessages stale;

    private void open(Db db) {
        openFixture(db);
        stale = new StaleMessages(fx.database.dataSource(), fx.clock);
    }

    /** A message claimed by {@code owner} and accepted by Twilio as {@code sid}, "queued". */
    private StoredMessage sent(String owner, String sid) {
        StoredMessage m = fx.insert(TestMessages.dueAt(fx.clock.instant()));
        Claim claim = fx.outbox().claimDue(owner, 100, LEASE).stream()
                .filter(c -> c.message().id().equals(m.id())).findFirst().orElseThrow();
        assertThat(fx.outbox().markSent(claim, sid, "queued", "queued", "sms")).isTrue();
        return m;
    }

    private List<String> dueIds() {
        return stale.due(100).stream().map(StaleMessages.Stale::id).toList();
    }

    private Instant checkAt(StoredMessage m) {
        try (java.sql.Connection c = fx.database.dataSource().getConnection();
             java.sql.PreparedStatement ps = c.prepareStatement("SELECT check_at FROM message WHERE id = ?")) {
            ps.setString(1, m.id());
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                rs.next();
                return Jdbc.getTime(rs, "check_at");
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static StatusReport report(String sid, String status) {
        return new StatusReport(sid, status, null, null, "{}", "k-" + status);
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void a_message_is_due_the_first_delay_after_its_sid_and_after_each_change_and_never_once_final(Db db) {
        open(db);
        StoredMessage m = sent("host-a-1", "SM00000000000000000000000000000001");

        fx.clock.advance(Duration.ofMinutes(10).minusSeconds(1));
        assertThat(dueIds()).isEmpty();
        fx.clock.advance(Duration.ofSeconds(1));
        assertThat(dueIds()).containsExactly(m.id());

        fx.statuses.apply(report("SM00000000000000000000000000000001", "sent"));
        fx.clock.advance(Duration.ofMinutes(10).minusSeconds(1));
        assertThat(dueIds()).as("a callback starts the wait again").isEmpty();
        fx.clock.advance(Duration.ofSeconds(1));
        assertThat(dueIds()).containsExactly(m.id());

        fx.statuses.apply(report("SM00000000000000000000000000000001", "delivered"));
        fx.clock.advance(Duration.ofDays(4));
        assertThat(dueIds()).as("final: never fetched").isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void fetches_that_find_nothing_new_back_off_to_1h_6h_24h_then_daily_and_stop_after_3_days(Db db) {
        open(db);
        StoredMessage m = sent("host-a-1", "SM00000000000000000000000000000002");
        Instant sentAt = fx.clock.instant();
        List<Duration> fetchedAt = new ArrayList<>();
        for (Instant at = checkAt(m); at != null && fetchedAt.size() < 10; at = checkAt(m)) {
            fx.clock.advance(Duration.between(fx.clock.instant(), at).minusSeconds(1));
            assertThat(dueIds()).isEmpty();
            fx.clock.advance(Duration.ofSeconds(1));
            List<StaleMessages.Stale> due = stale.due(100);
            assertThat(due).extracting(StaleMessages.Stale::id).containsExactly(m.id());
            fetchedAt.add(Duration.between(sentAt, fx.clock.instant()));
            stale.fetched(due.get(0), SCHEDULE.next(due.get(0).changedAt(), fx.clock.instant()).orElse(null));
        }

        assertThat(fetchedAt).containsExactly(Duration.ofMinutes(10), Duration.ofHours(1), Duration.ofHours(6),
                Duration.ofHours(24), Duration.ofHours(48), Duration.ofHours(72));
        assertThat(fx.reload(m).status()).isEqualTo("queued");
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void a_status_that_arrives_while_a_fetch_is_under_way_keeps_its_own_next_fetch(Db db) {
        open(db);
        sent("host-a-1", "SM00000000000000000000000000000003");
        fx.clock.advance(Duration.ofMinutes(10));
        StaleMessages.Stale fetching = stale.due(100).get(0);

        fx.clock.advance(Duration.ofSeconds(1));
        fx.statuses.apply(report("SM00000000000000000000000000000003", "sent")); // a late callback
        stale.fetched(fetching, fx.clock.instant().plus(Duration.ofDays(2)));

        fx.clock.advance(Duration.ofMinutes(10));
        assertThat(stale.due(100)).as("due 10 min after the callback, not in 2 days").hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void after_a_restart_what_the_dead_run_on_this_host_sent_is_due_at_once(Db db) {
        open(db);
        StoredMessage mine = sent("host-a-1234abcd", "SM00000000000000000000000000000004");
        StoredMessage named = sent("sms-gateway-0", "SM00000000000000000000000000000005");
        StoredMessage other = sent("host-b-5678ef01", "SM00000000000000000000000000000006");
        StoredMessage delivered = sent("host-a-1234abcd", "SM00000000000000000000000000000007");
        fx.statuses.apply(report("SM00000000000000000000000000000007", "delivered"));
        fx.clock.advance(Duration.ofMinutes(1));

        assertThat(stale.fetchNow(null, "host-a-")).isEqualTo(1);
        assertThat(dueIds()).containsExactly(mine.id());
        assertThat(stale.fetchNow("sms-gateway-0", null)).isEqualTo(1);
        assertThat(dueIds()).containsExactlyInAnyOrder(mine.id(), named.id());
        assertThat(stale.fetchNow(null, null)).as("the embedded database: every run was this one").isEqualTo(1);
        assertThat(dueIds()).containsExactlyInAnyOrder(mine.id(), named.id(), other.id()).doesNotContain(delivered.id());
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void a_404_or_a_given_up_message_is_never_due_again(Db db) {
        open(db);
        StoredMessage m = sent("host-a-1", "SM00000000000000000000000000000008");
        fx.clock.advance(Duration.ofMinutes(10));
        stale.fetched(stale.due(100).get(0), null);

        fx.clock.advance(Duration.ofDays(30));
        assertThat(dueIds()).isEmpty();
        assertThat(fx.count("SELECT count(*) FROM message WHERE id = ? AND check_at IS NULL AND reconciled_at IS NOT NULL",
                m.id())).isEqualTo(1);
        assertThat(fx.reload(m).status()).isEqualTo("queued");
    }
}
