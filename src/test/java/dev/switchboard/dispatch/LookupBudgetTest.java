package dev.switchboard.dispatch;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LookupBudgetTest {

    private final AtomicLong nanos = new AtomicLong(5_000_000_000L);
    private final List<Long> sleptMs = new ArrayList<>();

    private LookupBudget budget(int concurrency, double perSecond, Duration retryDelay) {
        return new LookupBudget(concurrency, perSecond, retryDelay, nanos::get, n -> {
            sleptMs.add(n / 1_000_000L);
            nanos.addAndGet(n);
        });
    }

    @Test
    void at_most_concurrency_lookups_run_at_once_and_a_closed_permit_frees_its_place() {
        LookupBudget budget = budget(2, 1_000_000, Duration.ofSeconds(1));

        LookupBudget.Permit first = next(budget);
        LookupBudget.Permit second = next(budget);
        assertThat(tick(budget)).isNull();

        first.close();
        assertThat(tick(budget)).isNotNull();
        second.close();
    }

    @Test
    void starts_are_spaced_by_one_over_the_rate_with_no_credit_for_idle_time() {
        LookupBudget budget = budget(1, 4, Duration.ofSeconds(1));

        budget.tryAcquire().close();
        nanos.addAndGet(249_000_000L);
        assertThat(budget.tryAcquire()).as("249 ms after a start at 4 per second").isNull();
        nanos.addAndGet(1_000_000L);
        assertThat(budget.tryAcquire()).as("250 ms after").isNotNull().satisfies(LookupBudget.Permit::close);

        nanos.addAndGet(10_000_000_000L); // idle for 10 s: still one start, not forty
        budget.tryAcquire().close();
        assertThat(budget.tryAcquire()).isNull();
        assertThat(sleptMs).as("one at a time: never a start to wait for").isEmpty();
    }

    @Test
    void lookups_arriving_together_wait_for_their_starts_up_to_concurrency_less_one_intervals() {
        LookupBudget budget = budget(4, 20, Duration.ofSeconds(1));
        long t0 = nanos.get();
        List<Long> startsMs = new ArrayList<>();
        List<LookupBudget.Permit> permits = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            nanos.set(t0); // the claims of one poll arrive at the same moment
            permits.add(budget.tryAcquire());
            startsMs.add((nanos.get() - t0) / 1_000_000L);
        }
        assertThat(permits).doesNotContainNull();
        assertThat(startsMs).as("20 per second: 50 ms apart").containsExactly(0L, 50L, 100L, 150L);
        nanos.set(t0);
        assertThat(budget.tryAcquire()).as("a fifth: no place (4 at once)").isNull();
        permits.forEach(LookupBudget.Permit::close);
        nanos.set(t0);
        assertThat(budget.tryAcquire()).as("a fifth, places free, but its start (200 ms) beyond 3 intervals").isNull();
    }

    @Test
    void a_wait_is_never_longer_than_the_retry_delay() {
        LookupBudget budget = budget(10, 1, Duration.ofMillis(500));
        budget.tryAcquire().close();
        assertThat(budget.tryAcquire()).as("next start 1 s away, a deferral is 0.5 s").isNull();
        assertThat(sleptMs).isEmpty();
    }

    @Test
    void a_refused_start_does_not_hold_a_place() {
        LookupBudget budget = budget(1, 1, Duration.ofSeconds(1));
        budget.tryAcquire().close();

        assertThat(budget.tryAcquire()).as("too soon").isNull();
        nanos.addAndGet(1_000_000_000L);
        assertThat(budget.tryAcquire()).as("the refused try gave its place back").isNotNull();
    }

    @Test
    void deferral_is_the_delay_plus_up_to_as_much_again_of_jitter() {
        LookupBudget budget = budget(1, 1, Duration.ofMillis(1000));
        for (int i = 0; i < 200; i++) {
            assertThat(budget.deferral()).isBetween(Duration.ofMillis(1000), Duration.ofMillis(2000));
        }
    }

    @Test
    void a_budget_that_allows_nothing_is_refused_at_start_up() {
        assertThatThrownBy(() -> new LookupBudget(0, 20, Duration.ofSeconds(1)))
                .hasMessageContaining("switchboard.reconcile.lookup-concurrency");
        assertThatThrownBy(() -> new LookupBudget(4, 0, Duration.ofSeconds(1)))
                .hasMessageContaining("switchboard.reconcile.lookups-per-second");
    }

    /** A permit, the clock moved on far enough that the rate never refuses. */
    private LookupBudget.Permit next(LookupBudget budget) {
        nanos.addAndGet(1_000_000L);
        LookupBudget.Permit p = budget.tryAcquire();
        assertThat(p).isNotNull();
        return p;
    }

    private LookupBudget.Permit tick(LookupBudget budget) {
        nanos.addAndGet(1_000_000L);
        return budget.tryAcquire();
    }
}
