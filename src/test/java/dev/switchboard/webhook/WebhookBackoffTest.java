package dev.switchboard.webhook;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookBackoffTest {

    private final WebhookSender sender = new WebhookSender(null, null, null, null, new WebhookSender.Options(64, 8,
            Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofHours(1), Duration.ofDays(3), 50),
            null, Runnable::run, null, Clock.systemUTC());

    @Test
    void doubles_from_the_base_with_jitter_in_the_second_half_of_each_step() {
        for (int i = 0; i < 200; i++) {
            assertThat(sender.backoff(1)).isBetween(Duration.ofMillis(2_500), Duration.ofSeconds(5));
            assertThat(sender.backoff(2)).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(10));
            assertThat(sender.backoff(5)).isBetween(Duration.ofSeconds(40), Duration.ofSeconds(80));
        }
    }

    @Test
    void is_capped_however_many_attempts() {
        for (int attempt : new int[]{11, 12, 30, 40, 1_000}) {
            assertThat(sender.backoff(attempt)).isBetween(Duration.ofMinutes(30), Duration.ofHours(1));
        }
    }

    @Test
    void retries_span_at_least_a_day_before_the_window_ends() {
        Duration total = Duration.ZERO;
        int attempts = 0;
        while (total.compareTo(Duration.ofDays(3)) < 0) {
            total = total.plus(sender.backoff(++attempts));
        }
        // Roughly hourly once capped: a 3-day window is some 70 to 150 attempts, never a handful.
        assertThat(attempts).isBetween(60, 160);
    }
}
