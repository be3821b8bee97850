package dev.switchboard.security;

import org.junit.jupiter.api.Test;

import dev.switchboard.store.MutableClock;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RateLimiterTest {

    private final MutableClock clock = new MutableClock(Instant.ofEpochMilli(1_000_000));

    @Test
    void one_permit_at_a_time_bursts_to_one_seconds_worth() {
        RateLimiter rates = new RateLimiter(5, clock);

        for (int i = 0; i < 5; i++) {
            assertThat(rates.acquire("k")).isEmpty();
        }
        assertThat(rates.acquire("k")).hasValue(1);
        assertThat(rates.acquire("other")).isEmpty();
    }

    @Test
    void a_batch_takes_all_its_permits_or_none_and_is_told_how_long_to_wait() {
        RateLimiter rates = new RateLimiter(10, 1000, clock);

        assertThat(rates.acquire("k", 600)).isEmpty();
        // 400 left: 600 more need 200, 20 s at 10 per second; nothing was taken by the refusal.
        assertThat(rates.acquire("k", 600)).hasValue(20);
        assertThat(rates.acquire("k", 400)).isEmpty();
        clock.advance(Duration.ofSeconds(10));
        assertThat(rates.acquire("k", 100)).isEmpty();
        assertThat(rates.acquire("k", 1)).isEqualTo(OptionalLong.of(1));
    }

    @Test
    void the_bucket_never_holds_more_than_its_burst() {
        RateLimiter rates = new RateLimiter(10, 1000, clock);
        clock.advance(Duration.ofHours(1));

        assertThat(rates.acquire("k", 1000)).isEmpty();
        assertThat(rates.acquire("k", 1)).isPresent();
        assertThatThrownBy(() -> rates.acquire("k", 1001)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void no_rate_is_no_limit() {
        RateLimiter rates = new RateLimiter(0, 1000, clock);

        assertThat(rates.acquire("k", 1000)).isEmpty();
        assertThat(rates.acquire("k", 1000)).isEmpty();
    }
}
