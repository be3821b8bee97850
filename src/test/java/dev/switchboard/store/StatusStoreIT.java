package dev.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.switchboard.store.StatusStore.Outcome;
import org.slf4j.LoggerFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class StatusStoreIT extends StoreTestBase {

    private static final String SID = "SM10000000000000000000000000000001";
    private static final String OTHER_SID = "SM20000000000000000000000000000002";

    private StatusStore open(Db db) {
        openFixture(db);
        return fx.statuses;
    }

    /** A message the dispatcher handed to Twilio, which answered with {@code sid} and "queued". */
    private StoredMessage sent(String sid) {
        StoredMessage m = fx.insert(TestMessages.dueAt(fx.clock.instant()));
        Claim claim = fx.outbox().claimDue("dispatcher", 100, Duration.ofSeconds(30)).stream()
                .filter(c -> c.message().id().equals(m.id())).findFirst().orElseThrow();
        assertThat(fx.outbox().markSent(claim, sid, "queued", "queued", "sms")).isTrue();
        return m;
    }

    private static StatusReport report(String sid, String status, String dedupeKey) {
        return new StatusReport(sid, status, null, null, "{\"MessageStatus\":\"" + status + "\"}", dedupeKey);
    }

    private static StatusReport failed(String sid, int code, String dedupeKey) {
        return new StatusReport(sid, "failed", code, "Twilio error " + code + ": unreachable destination handset",
                "{\"MessageStatus\":\"failed\",\"ErrorCode\":\"" + code + "\"}", dedupeKey);
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void sent_then_delivered_ends_delivered(Db db) {
        StatusStore statuses = open(db);
        StoredMessage m = sent(SID);

        assertThat(statuses.apply(report(SID, "sent", "k-sent"))).isEqualTo(Outcome.APPLIED);
        assertThat(fx.reload(m).status()).isEqualTo("sent");
        assertThat(statuses.apply(report(SID, "delivered", "k-delivered"))).isEqualTo(Outcome.APPLIED);

        assertThat(fx.reload(m).status()).isEqualTo("delivered");
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void each_applied_change_is_one_info_line_with_the_message_id_and_an_ignored_one_is_none(Db db) {
        StatusStore statuses = open(db);
        StoredMessage m = sent(SID);
        Logger logger = (Logger) LoggerFactory.getLogger(StatusStore.class);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        try {
            statuses.apply(report(SID, "delivered", "k-delivered"));
            statuses.apply(report(SID, "sent", "k-sent")); // late: history only
            statuses.apply(report(SID, "delivered", "k-delivered")); // replay
        } finally {
            logger.detachAppender(lines);
        }

        assertThat(lines.list).extracting(ILoggingEvent::getLevel, ILoggingEvent::getFormattedMessage)
                .containsExactly(tuple(Level.INFO, "Message " + m.id() + " queued -> delivered (twilio-callback)"));
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void a_late_sent_after_delivered_is_kept_in_history_but_not_applied(Db db) {
        StatusStore statuses = open(db);
        StoredMessage m = sent(SID);

        assertThat(statuses.apply(report(SID, "delivered", "k-delivered"))).isEqualTo(Outcome.APPLIED);
        assertThat(statuses.apply(report(SID, "sent", "k-sent"))).isEqualTo(Outcome.RECORDED);

        assertThat(fx.reload(m).status()).isEqualTo("delivered");
        assertThat(fx.messages.events(m.id())).extracting(StoredEvent::status, StoredEvent::source, StoredEvent::applied)
                .containsExactly(tuple("accepted", "api", true), tuple("queued", "twilio-api", true),
                        tuple("delivered", "twilio-callback", true), tuple("sent", "twilio-callback", false));
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void the_same_report_twice_is_a_duplicate_and_adds_no_event(Db db) {
        StatusStore statuses = open(db);
        StoredMessage m = sent(SID);
        assertThat(statuses.apply(report(SID, "sent", "k-1"))).isEqualTo(Outcome.APPLIED);
        int events = fx.messages.events(m.id()).size();

        assertThat(statuses.apply(report(SID, "sent", "k-1"))).isEqualTo(Outcome.DUPLICATE);

        assertThat(fx.messages.events(m.id())).hasSize(events);
        assertThat(fx.count("SELECT COUNT(*) FROM message_event WHERE dedupe_key = 'k-1'")).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void a_report_for_an_unknown_sid_is_kept_once_and_applied_when_the_sid_is_stored(Db db) {
        StatusStore statuses = open(db);
        fx.insert(TestMessages.dueAt(null)); // another message, never sent

        assertThat(statuses.apply(report(SID, "delivered", "k-early"))).isEqualTo(Outcome.UNKNOWN_SID);
        assertThat(statuses.apply(report(SID, "delivered", "k-early"))).isEqualTo(Outcome.UNKNOWN_SID);
        assertThat(statuses.orphanCount()).isEqualTo(1);
        assertThat(fx.count("SELECT COUNT(*) FROM callback_orphan")).isEqualTo(1);

        StoredMessage m = sent(SID);

        assertThat(fx.reload(m).status()).isEqualTo("delivered");
        assertThat(statuses.orphanCount()).isZero();
        assertThat(fx.count("SELECT COUNT(*) FROM callback_orphan WHERE resolved_at IS NOT NULL")).isEqualTo(1);
        assertThat(fx.messages.events(m.id())).extracting(StoredEvent::status, StoredEvent::source, StoredEvent::applied)
                .endsWith(tuple("queued", "twilio-api", true), tuple("delivered", "twilio-callback", true));
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void the_sweep_applies_an_orphan_whose_sid_was_stored_without_replaying_it(Db db) {
        StatusStore statuses = open(db);
        OrphanSweep sweep = new OrphanSweep(fx.database.dataSource(), statuses);
        statuses.apply(report(OTHER_SID, "sent", "k-other")); // stays an orphan: no message has that SID
        assertThat(statuses.apply(report(SID, "delivered", "k-race"))).isEqualTo(Outcome.UNKNOWN_SID);
        StoredMessage m = fx.insert(TestMessages.dueAt(null).status("queued"));
        // The dispatcher's write of the SID committed without seeing the orphan (the race the sweep closes).
        assertThat(fx.update("UPDATE message SET twilio_sid = ? WHERE id = ?", SID, m.id())).isEqualTo(1);
        assertThat(fx.reload(m).status()).isEqualTo("queued");

        assertThat(sweep.run()).isEqualTo(1);

        assertThat(fx.reload(m).status()).isEqualTo("delivered");
        assertThat(statuses.orphanCount()).isEqualTo(1); // only OTHER_SID's
        assertThat(fx.count("SELECT COUNT(*) FROM callback_orphan WHERE twilio_sid = ? AND resolved_at IS NULL", SID))
                .isZero();
        assertThat(sweep.run()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void a_failed_report_stores_its_error_code_and_message_on_the_message(Db db) {
        StatusStore statuses = open(db);
        StoredMessage m = sent(SID);

        assertThat(statuses.apply(failed(SID, 30003, "k-failed"))).isEqualTo(Outcome.APPLIED);

        StoredMessage after = fx.reload(m);
        assertThat(after.status()).isEqualTo("failed");
        assertThat(after.errorCode()).isEqualTo(30003);
        assertThat(after.errorMessage()).isEqualTo("Twilio error 30003: unreachable destination handset");
        assertThat(fx.messages.events(m.id())).last().extracting(StoredEvent::status, StoredEvent::errorCode)
                .containsExactly("failed", 30003);
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void a_failed_report_that_overtook_the_sid_keeps_its_error_message_when_replayed(Db db) {
        StatusStore statuses = open(db);
        assertThat(statuses.apply(failed(SID, 30003, "k-failed"))).isEqualTo(Outcome.UNKNOWN_SID);

        StoredMessage after = fx.reload(sent(SID));

        assertThat(after.status()).isEqualTo("failed");
        assertThat(after.errorCode()).isEqualTo(30003);
        assertThat(after.errorMessage()).isEqualTo("Twilio error 30003: unreachable destination handset");
    }

    /**
     * Twilio may deliver two callbacks for one SID at the same moment (sent and delivered, or a retry of the same one):
     * each is applied under the message row's lock ({@code FOR UPDATE}), so the later status always wins, both are in
     * the history, and a delivery seen twice at once is applied once.
     */
    @ParameterizedTest
    @EnumSource(Db.class)
    void two_callbacks_for_one_sid_at_the_same_moment_never_move_it_backwards(Db db) throws Exception {
        StatusStore statuses = open(db);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            for (int i = 0; i < 20; i++) {
                int round = i;
                String sid = String.format("SM3%031d", round);
                StoredMessage m = sent(sid);
                CyclicBarrier together = new CyclicBarrier(3);
                List<Future<Outcome>> outcomes = List.of(
                        pool.submit(() -> { together.await(); return statuses.apply(report(sid, "sent", "k-s" + round)); }),
                        pool.submit(() -> { together.await(); return statuses.apply(report(sid, "delivered", "k-d" + round)); }),
                        pool.submit(() -> { together.await(); return statuses.apply(report(sid, "delivered", "k-d" + round)); }));
                List<Outcome> seen = new java.util.ArrayList<>();
                for (Future<Outcome> f : outcomes) {
                    seen.add(f.get(10, TimeUnit.SECONDS));
                }

                assertThat(fx.reload(m).status()).as("round %d: %s", round, seen).isEqualTo("delivered");
                assertThat(seen.subList(1, 3)).as("round %d", round).containsExactlyInAnyOrder(Outcome.APPLIED, Outcome.DUPLICATE);
                assertThat(fx.messages.events(m.id())).extracting(StoredEvent::status)
                        .as("round %d", round).containsOnlyOnce("delivered").contains("sent");
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
