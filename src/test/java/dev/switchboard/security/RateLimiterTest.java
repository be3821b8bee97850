package dev.switchboard.security;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RateLimiterTest {

    private final MutableClock clock = new MutableClock();

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
        clock.advance(10_000);
        assertThat(rates.acquire("k", 100)).isEmpty();
        assertThat(rates.acquire("k", 1)).isEqualTo(OptionalLong.of(1));
    }

    @Test
    void the_bucket_never_holds_more_than_its_burst() {
        RateLimiter rates = new RateLimiter(10, 1000, clock);
        clock.advance(3_600_000);

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

    private static final class MutableClock extends Clock {
        private long millis = 1_000_000;

        void advance(long ms) {
            millis += ms;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public long millis() {
            return millis;
        }
    }
}
