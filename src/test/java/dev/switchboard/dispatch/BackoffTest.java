package dev.switchboard.dispatch;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(5), 6);

    @Test
    void delay_doubles_per_attempt_within_jitter_bounds() {
        for (int i = 0; i < 200; i++) {
            assertThat(backoff.delayAfter(1).toMillis()).isBetween(1_000L, 2_000L);
            assertThat(backoff.delayAfter(3).toMillis()).isBetween(4_000L, 8_000L);
        }
    }

    @Test
    void delay_is_capped_even_for_huge_attempt_numbers() {
        for (int attempt : new int[] {9, 20, 40, 1000}) {
            assertThat(backoff.delayAfter(attempt).toMillis()).isBetween(150_000L, 300_000L);
        }
    }

    @Test
    void jitter_spreads_retries() {
        long distinct = java.util.stream.IntStream.range(0, 50)
                .mapToLong(i -> backoff.delayAfter(4).toMillis()).distinct().count();

        assertThat(distinct).isGreaterThan(10);
    }

    @Test
    void attempts_are_bounded() {
        assertThat(backoff.exhausted(5)).isFalse();
        assertThat(backoff.exhausted(6)).isTrue();
    }
}
