package dev.switchboard.dispatch;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LookupBudgetTest {

    private final AtomicLong nanos = new AtomicLong(5_000_000_000L);

    @Test
    void at_most_concurrency_lookups_run_at_once_and_a_closed_permit_frees_its_place() {
        LookupBudget budget = new LookupBudget(2, 1_000_000, Duration.ofSeconds(1), nanos::get);

        LookupBudget.Permit first = next(budget);
        LookupBudget.Permit second = next(budget);
        assertThat(tick(budget)).isNull();

        first.close();
        assertThat(tick(budget)).isNotNull();
        second.close();
    }

    @Test
    void starts_are_spaced_by_one_over_the_rate_with_no_credit_for_idle_time() {
        LookupBudget budget = new LookupBudget(10, 4, Duration.ofSeconds(1), nanos::get);

        assertThat(budget.tryAcquire()).isNotNull();
        nanos.addAndGet(249_000_000L);
        assertThat(budget.tryAcquire()).as("249 ms after a start at 4 per second").isNull();
        nanos.addAndGet(1_000_000L);
        assertThat(budget.tryAcquire()).as("250 ms after").isNotNull();

        nanos.addAndGet(10_000_000_000L); // idle for 10 s: still one start, not forty
        assertThat(budget.tryAcquire()).isNotNull();
        assertThat(budget.tryAcquire()).isNull();
    }

    @Test
    void a_refused_start_does_not_hold_a_place() {
        LookupBudget budget = new LookupBudget(1, 1, Duration.ofSeconds(1), nanos::get);
        budget.tryAcquire().close();

        assertThat(budget.tryAcquire()).as("too soon").isNull();
        nanos.addAndGet(1_000_000_000L);
        assertThat(budget.tryAcquire()).as("the refused try gave its place back").isNotNull();
    }

    @Test
    void deferral_is_the_delay_plus_up_to_as_much_again_of_jitter() {
        LookupBudget budget = new LookupBudget(1, 1, Duration.ofMillis(1000), nanos::get);
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
