package dev.switchboard.security;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class FailedKeyGuardTest {

    private final AtomicLong millis = new AtomicLong(1_000_000);
    private final Clock clock = new Clock() {
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
            return Instant.ofEpochMilli(millis.get());
        }
    };

    @Test
    void an_address_is_blocked_after_the_limit_until_its_oldest_failure_leaves_the_window() {
        FailedKeyGuard guard = new FailedKeyGuard(3, 10_000, clock);
        guard.failed("10.0.0.1");
        millis.addAndGet(4_000);
        guard.failed("10.0.0.1");
        assertThat(guard.blocked("10.0.0.1")).isEmpty();
        guard.failed("10.0.0.1");

        assertThat(guard.blocked("10.0.0.1")).hasValue(6); // the first failure leaves the window in 6 s
        assertThat(guard.blocked("10.0.0.2")).isEmpty();

        millis.addAndGet(6_000);
        assertThat(guard.blocked("10.0.0.1")).isEmpty();
    }

    @Test
    void a_limit_of_zero_is_off() {
        FailedKeyGuard guard = new FailedKeyGuard(0, 10_000, clock);
        for (int i = 0; i < 100; i++) {
            guard.failed("10.0.0.1");
        }
        assertThat(guard.blocked("10.0.0.1")).isEmpty();
    }

    @Test
    void a_spray_of_addresses_is_forgotten_once_their_failures_are_old() {
        FailedKeyGuard guard = new FailedKeyGuard(1, 1_000, clock);
        for (int i = 0; i < 20_000; i++) {
            guard.failed("10.1." + (i / 256) + "." + (i % 256));
        }
        millis.addAndGet(2_000);
        guard.failed("10.9.9.9");

        assertThat(guard.blocked("10.9.9.9")).isPresent();
        assertThat(guard.blocked("10.1.0.1")).isEmpty();
        assertThat(guard.addresses()).isLessThanOrEqualTo(10_001);
    }
}
