package dev.switchboard.jms;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class GapGuardTest {

    private final MovingClock clock = new MovingClock();
    private final GapGuard guard = new GapGuard(Duration.ofSeconds(10), clock);

    @Test
    void consecutive_ids_are_all_publishable() {
        assertThat(guard.publishable(4, List.of(5L, 6L, 7L))).isEqualTo(3);
        assertThat(guard.pending()).isEmpty();
    }

    @Test
    void nothing_to_publish_is_nothing() {
        assertThat(guard.publishable(4, List.of())).isZero();
    }

    @Test
    void stops_before_a_missing_id_that_may_still_be_committing() {
        assertThat(guard.publishable(4, List.of(5L, 7L, 8L))).isEqualTo(1);
        clock.advance(Duration.ofSeconds(9));
        assertThat(guard.publishable(5, List.of(7L, 8L))).isZero();
    }

    @Test
    void the_missing_row_arriving_lets_everything_through() {
        assertThat(guard.publishable(4, List.of(5L, 7L))).isEqualTo(1);

        assertThat(guard.publishable(5, List.of(6L, 7L))).isEqualTo(2);
        assertThat(guard.pending()).isEmpty();
    }

    @Test
    void passes_over_an_id_missing_longer_than_the_grace_period() {
        assertThat(guard.publishable(4, List.of(7L, 8L))).isZero();
        clock.advance(Duration.ofSeconds(10));

        assertThat(guard.publishable(4, List.of(7L, 8L))).isEqualTo(2);
    }

    @Test
    void times_later_gaps_while_waiting_for_an_earlier_one_so_each_costs_one_grace_period() {
        assertThat(guard.publishable(0, List.of(2L, 4L))).isZero();
        clock.advance(Duration.ofSeconds(10));

        assertThat(guard.publishable(0, List.of(2L, 4L))).isEqualTo(2);
    }

    @Test
    void a_new_gap_after_an_expired_one_waits_its_own_grace_period() {
        assertThat(guard.publishable(0, List.of(2L))).isZero();
        clock.advance(Duration.ofSeconds(10));
        assertThat(guard.publishable(0, List.of(2L, 4L))).as("3 is missing only now").isEqualTo(1);
        clock.advance(Duration.ofSeconds(10));
        assertThat(guard.publishable(2, List.of(4L))).isEqualTo(1);
    }

    @Test
    void forgets_gaps_the_cursor_has_passed() {
        guard.publishable(0, List.of(2L));
        guard.publishable(0, List.of(1L, 2L));

        guard.publishable(2, List.of(3L));

        assertThat(guard.pending()).isEmpty();
    }

    /** A clock the test moves by hand. */
    private static final class MovingClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
