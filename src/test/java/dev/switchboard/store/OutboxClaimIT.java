package dev.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class OutboxClaimIT extends StoreTestBase {

    private static final Duration LEASE = Duration.ofSeconds(30);

    private OutboxStore open(Db db) {
        openFixture(db);
        return fx.outbox();
    }

    private Instant now() {
        return fx.clock.instant();
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void claims_only_rows_that_are_due(Db db) {
        OutboxStore outbox = open(db);
        StoredMessage due = fx.insert(TestMessages.dueAt(now()));
        StoredMessage later = fx.insert(TestMessages.dueAt(now().plusSeconds(60)));
        fx.insert(TestMessages.dueAt(null)); // not in the outbox at all

        List<Claim> claims = outbox.claimDue("a", 10, Duration.ofHours(1));

        assertThat(claims).extracting(c -> c.message().id()).containsExactly(due.id());
        assertThat(claims.get(0).owner()).isEqualTo("a");
        assertThat(claims.get(0).attempt()).isEqualTo(1);
        fx.clock.advance(Duration.ofSeconds(60));
        assertThat(outbox.claimDue("a", 10, LEASE)).extracting(c -> c.message().id()).containsExactly(later.id());
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void a_claim_that_expired_with_no_outcome_comes_back_ambiguous_since_its_time(Db db) {
        OutboxStore outbox = open(db);
        StoredMessage expired = fx.insert(TestMessages.dueAt(now()));
        StoredMessage settled = fx.insert(TestMessages.dueAt(now()));
        Instant firstClaim = now();
        List<Claim> first = outbox.claimDue("a", 10, LEASE);
        assertThat(first).allMatch(c -> !c.ambiguous());
        Claim toSettle = first.stream().filter(c -> c.message().id().equals(settled.id())).findFirst().orElseThrow();
        assertThat(outbox.retryLater(toSettle, now().plus(LEASE), 20429, "refused")).isTrue();

        fx.clock.advance(LEASE);
        List<Claim> again = fx.outbox().claimDue("b", 10, LEASE);

        Claim lost = again.stream().filter(c -> c.message().id().equals(expired.id())).findFirst().orElseThrow();
        Claim retried = again.stream().filter(c -> c.message().id().equals(settled.id())).findFirst().orElseThrow();
        assertThat(lost.ambiguousSince()).isEqualTo(firstClaim);
        assertThat(retried.ambiguous()).isFalse();
        // Kept by the claim itself: still ambiguous if this claim is lost too, until a SID is stored.
        fx.clock.advance(LEASE);
        Claim third = fx.outbox().claimDue("c", 10, LEASE).stream()
                .filter(c -> c.message().id().equals(expired.id())).findFirst().orElseThrow();
        assertThat(third.ambiguousSince()).isEqualTo(firstClaim);
        assertThat(outbox.markSent(third, "SM" + "1".repeat(32), "queued", "queued", "sms")).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void claims_ended_at_start_up_fall_due_at_once_and_come_back_ambiguous_since_their_claim(Db db) {
        OutboxStore outbox = open(db);
        StoredMessage held = fx.insert(TestMessages.dueAt(now()));
        StoredMessage waiting = fx.insert(TestMessages.dueAt(now().plusSeconds(300))); // backing off: not a claim
        Instant claimedAt = now();
        assertThat(outbox.claimDue("dead-run", 10, LEASE)).hasSize(1);
        fx.clock.advance(Duration.ofSeconds(2)); // the restart, well within the lease

        assertThat(outbox.endDeadClaims()).isEqualTo(1);

        List<Claim> again = outbox.claimDue("new-run", 10, LEASE);
        assertThat(again).extracting(c -> c.message().id()).containsExactly(held.id());
        assertThat(again.get(0).ambiguousSince()).as("checked at Twilio before any resend").isEqualTo(claimedAt);
        assertThat(again.get(0).attempt()).isEqualTo(2);
        assertThat(fx.messages.events(held.id())).anySatisfy(e -> assertThat(e.detail())
                .contains("claim of dead-run ended at start-up"));
        assertThat(fx.messages.find(waiting.id()).orElseThrow().attempts()).as("a row backing off is no claim").isZero();
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void an_ambiguous_failure_marks_the_next_claim_ambiguous(Db db) {
        OutboxStore outbox = open(db);
        fx.insert(TestMessages.dueAt(now()));
        Claim first = outbox.claimDue("a", 10, LEASE).get(0);

        assertThat(outbox.retryLater(first, now(), 20500, "HTTP 500", first.claimedAt())).isTrue();
        Claim second = outbox.claimDue("a", 10, LEASE).get(0);

        assertThat(second.ambiguousSince()).isEqualTo(first.claimedAt());
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void a_claimed_row_is_not_claimed_again_while_its_lease_runs(Db db) {
        OutboxStore outbox = open(db);
        fx.insert(TestMessages.dueAt(now()));
        assertThat(outbox.claimDue("a", 10, LEASE)).hasSize(1);

        fx.clock.advance(LEASE.minusSeconds(1));

        assertThat(fx.outbox().claimDue("b", 10, LEASE)).isEmpty();
        assertThat(outbox.claimDue("a", 10, LEASE)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void an_expired_lease_is_claimed_again_and_the_old_claim_can_no_longer_settle(Db db) {
        OutboxStore outbox = open(db);
        StoredMessage m = fx.insert(TestMessages.dueAt(now()));
        Claim old = outbox.claimDue("a", 10, LEASE).get(0);

        fx.clock.advance(LEASE);
        Claim again = fx.outbox().claimDue("b", 10, LEASE).get(0);

        assertThat(again.message().id()).isEqualTo(m.id());
        assertThat(again.owner()).isEqualTo("b");
        assertThat(again.attempt()).isEqualTo(old.attempt() + 1).isEqualTo(2);
        assertThat(fx.reload(m).attempts()).isEqualTo(2);
        assertThat(outbox.markFailed(old, 21211, "stale")).isFalse();
        assertThat(outbox.retryLater(old, now(), 20429, "stale")).isFalse();
        assertThat(outbox.release(old, now(), "stale")).isFalse();
        assertThat(fx.reload(m).status()).isEqualTo("accepted");
        assertThat(fx.reload(m).errorCode()).isNull();
        assertThat(fx.outbox().retryLater(again, now().plusSeconds(5), 20429, "too many requests")).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void two_dispatchers_claiming_concurrently_claim_every_row_exactly_once(Db db) throws Exception {
        open(db);
        int rows = 500;
        for (int i = 0; i < rows; i++) {
            fx.insert(TestMessages.dueAt(now().minusMillis(rows - i)));
        }
        OutboxStore dispatcherA = fx.outbox();
        OutboxStore dispatcherB = fx.outbox();
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<List<String>>> claimed;
        try {
            claimed = pool.invokeAll(List.of(claimAll(dispatcherA, "a", start), claimAll(dispatcherB, "b", start)),
                    120, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }

        List<String> byA = claimed.get(0).get();
        List<String> byB = claimed.get(1).get();
        List<String> union = new ArrayList<>(byA);
        union.addAll(byB);
        Set<String> distinct = new HashSet<>(union);
        assertThat(union).as("a claimed %d, b claimed %d, %d distinct", byA.size(), byB.size(), distinct.size())
                .doesNotHaveDuplicates();
        assertThat(distinct).hasSize(rows);
        assertThat(fx.count("SELECT COUNT(*) FROM message WHERE attempts <> 1")).isZero();
        assertThat(fx.count("SELECT COUNT(*) FROM message WHERE lease_owner = 'a'")).isEqualTo(byA.size());
    }

    private Callable<List<String>> claimAll(OutboxStore outbox, String owner, CyclicBarrier start) {
        return () -> {
            start.await(10, TimeUnit.SECONDS);
            List<String> ids = new ArrayList<>();
            // An empty batch only means "nothing free right now": stop when nothing is due at all.
            while (fx.count("SELECT COUNT(*) FROM message WHERE next_attempt_at <= ?", fx.dueNow()) > 0) {
                outbox.claimDue(owner, 5, LEASE).forEach(c -> ids.add(c.message().id()));
            }
            return ids;
        };
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void a_claim_in_flight_holds_only_the_rows_it_returns(Db db) throws Exception {
        open(db);
        for (int i = 0; i < 10; i++) {
            fx.insert(TestMessages.dueAt(now().minusSeconds(10 - i)));
        }
        CommitGate gate = new CommitGate();
        OutboxStore slow = new OutboxStore(gate.wrap(fx.database.dataSource()), fx.database.dialect(), fx.clock, fx.statuses, fx.consents);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<List<Claim>> first = pool.submit(() -> slow.claimDue("a", 3, LEASE));
            gate.awaitArrival(); // a's rows are locked and updated, not yet committed

            List<Claim> second = fx.outbox().claimDue("b", 10, LEASE);

            gate.open();
            List<String> byA = first.get(30, TimeUnit.SECONDS).stream().map(c -> c.message().id()).toList();
            assertThat(byA).hasSize(3);
            assertThat(second).extracting(c -> c.message().id()).hasSize(7).doesNotContainAnyElementsOf(byA);
        } finally {
            gate.open();
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void mark_sent_stores_the_sid_and_takes_the_row_out_of_the_outbox(Db db) {
        OutboxStore outbox = open(db);
        StoredMessage m = fx.insert(TestMessages.dueAt(now()));
        fx.insert(TestMessages.dueAt(now().plusSeconds(600)));
        Claim claim = outbox.claimDue("a", 10, LEASE).get(0);
        assertThat(outbox.depth()).isEqualTo(2);

        assertThat(outbox.markSent(claim, "SM00000000000000000000000000000001", "queued", "queued", "sms")).isTrue();

        StoredMessage sent = fx.reload(m);
        assertThat(sent.twilioSid()).isEqualTo("SM00000000000000000000000000000001");
        assertThat(sent.status()).isEqualTo("queued");
        assertThat(sent.nextAttemptAt()).isNull();
        assertThat(outbox.depth()).isEqualTo(1);
        assertThat(fx.messages.events(m.id())).extracting(StoredEvent::status, StoredEvent::source)
                .containsExactly(tuple("accepted", "api"), tuple("queued", "twilio-api"));
        fx.clock.advance(Duration.ofHours(1));
        assertThat(outbox.claimDue("a", 10, LEASE)).extracting(c -> c.message().id()).doesNotContain(m.id());
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void retry_later_puts_the_row_back_at_the_new_due_time_with_the_error(Db db) {
        OutboxStore outbox = open(db);
        StoredMessage m = fx.insert(TestMessages.dueAt(now()));
        Claim claim = outbox.claimDue("a", 10, LEASE).get(0);
        Instant next = now().plusSeconds(120);

        assertThat(outbox.retryLater(claim, next, 20429, "too many requests")).isTrue();

        StoredMessage waiting = fx.reload(m);
        assertThat(waiting.nextAttemptAt()).isEqualTo(next);
        assertThat(waiting.errorCode()).isEqualTo(20429);
        assertThat(waiting.errorMessage()).isEqualTo("too many requests");
        assertThat(waiting.status()).isEqualTo("accepted");
        assertThat(waiting.attempts()).isEqualTo(1);
        fx.clock.advance(Duration.ofSeconds(119));
        assertThat(outbox.claimDue("a", 10, LEASE)).isEmpty();
        fx.clock.advance(Duration.ofSeconds(1));
        assertThat(outbox.claimDue("a", 10, LEASE)).extracting(Claim::attempt).containsExactly(2);
        assertThat(fx.reload(m).errorCode()).isEqualTo(20429);
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void release_does_not_count_the_attempt(Db db) {
        OutboxStore outbox = open(db);
        StoredMessage m = fx.insert(TestMessages.dueAt(now()));
        outbox.retryLater(outbox.claimDue("a", 10, LEASE).get(0), now(), 20429, "too many requests");
        Claim second = outbox.claimDue("a", 10, LEASE).get(0);
        assertThat(fx.reload(m).attempts()).isEqualTo(2);

        assertThat(outbox.release(second, now().plusSeconds(10), "breaker open")).isTrue();

        StoredMessage released = fx.reload(m);
        assertThat(released.attempts()).isEqualTo(1);
        assertThat(released.nextAttemptAt()).isEqualTo(now().plusSeconds(10));
        assertThat(released.errorCode()).isEqualTo(20429);
        fx.clock.advance(Duration.ofSeconds(10));
        assertThat(outbox.claimDue("b", 10, LEASE)).extracting(Claim::attempt).containsExactly(2);
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void mark_failed_is_final_with_code_and_message(Db db) {
        OutboxStore outbox = open(db);
        StoredMessage m = fx.insert(TestMessages.dueAt(now()));
        Claim claim = outbox.claimDue("a", 10, LEASE).get(0);

        assertThat(outbox.markFailed(claim, 21211, "invalid 'To' phone number")).isTrue();

        StoredMessage failed = fx.reload(m);
        assertThat(failed.status()).isEqualTo("failed");
        assertThat(failed.errorCode()).isEqualTo(21211);
        assertThat(failed.errorMessage()).isEqualTo("invalid 'To' phone number");
        assertThat(failed.nextAttemptAt()).isNull();
        assertThat(outbox.depth()).isZero();
        assertThat(fx.messages.events(m.id())).last()
                .extracting(StoredEvent::status, StoredEvent::applied, StoredEvent::errorCode)
                .containsExactly("failed", true, 21211);
        fx.clock.advance(Duration.ofDays(1));
        assertThat(outbox.claimDue("a", 10, LEASE)).isEmpty();
        assertThat(outbox.markFailed(claim, 21211, "again")).isFalse();
    }
}
