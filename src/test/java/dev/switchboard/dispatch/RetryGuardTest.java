package dev.switchboard.dispatch;

import dev.switchboard.consent.Admission;
import dev.switchboard.store.StoredMessage;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryGuardTest {

    private static final Instant ACCEPTED = Instant.parse("2026-01-01T08:00:00Z");
    private final RetryGuard guard = new RetryGuard(null, null, null, null, null, RetryGuard.Mode.RECONCILE,
            new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(5), 6), Duration.ofHours(10), Duration.ofSeconds(30),
            Clock.systemUTC(), dev.switchboard.observe.Meters.NONE);

    private static StoredMessage message(Instant sendAt, String reason) {
        return new StoredMessage("msg_1", "sms", "+14155550100", null, "hi", null, 1, "GSM-7", "accepted", reason,
                "http", null, "fp", null, null, null, 1, sendAt, null, ACCEPTED, ACCEPTED, "normal", null, null, null,
                null, false, null);
    }

    @Test
    void max_age_counts_from_acceptance() {
        StoredMessage m = message(null, null);

        assertThat(guard.agedOut(m, ACCEPTED.plus(Duration.ofHours(10)))).isFalse();
        assertThat(guard.agedOut(m, ACCEPTED.plus(Duration.ofHours(10)).plusMillis(1))).isTrue();
    }

    @Test
    void max_age_of_a_scheduled_message_counts_from_its_send_time() {
        StoredMessage m = message(ACCEPTED.plus(Duration.ofDays(2)), null);

        assertThat(guard.agedOut(m, ACCEPTED.plus(Duration.ofDays(2)).plus(Duration.ofHours(9)))).isFalse();
        assertThat(guard.agedOut(m, ACCEPTED.plus(Duration.ofDays(2)).plus(Duration.ofHours(11)))).isTrue();
    }

    @Test
    void a_message_deferred_by_quiet_hours_is_not_aged_out() {
        assertThat(guard.agedOut(message(null, Admission.QUIET_HOURS), ACCEPTED.plus(Duration.ofHours(13)))).isFalse();
    }

    @Test
    void ambiguous_mode_is_one_of_three() {
        assertThat(RetryGuard.Mode.parse(" Reconcile ")).isEqualTo(RetryGuard.Mode.RECONCILE);
        assertThat(RetryGuard.Mode.parse("fail")).isEqualTo(RetryGuard.Mode.FAIL);
        assertThatThrownBy(() -> RetryGuard.Mode.parse("maybe")).hasMessageContaining("reconcile, retry or fail");
    }
}
