package dev.switchboard.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CheckScheduleTest {

    private static final Instant CHANGE = Instant.parse("2030-01-01T00:00:00Z");

    private static Instant next(CheckSchedule s, Duration elapsed) {
        return s.next(CHANGE, CHANGE.plus(elapsed)).orElse(null);
    }

    @Test
    void the_first_fetch_follows_each_change_and_none_follows_a_final_status() {
        assertThat(CheckSchedule.DEFAULT.firstAfter(CHANGE, false)).isEqualTo(CHANGE.plus(Duration.ofMinutes(10)));
        assertThat(CheckSchedule.DEFAULT.firstAfter(CHANGE, true)).isNull();
    }

    @Test
    void after_the_first_fetch_come_1h_6h_24h_then_daily_until_3_days() {
        CheckSchedule s = CheckSchedule.DEFAULT;
        assertThat(next(s, Duration.ofMinutes(10))).isEqualTo(CHANGE.plus(Duration.ofHours(1)));
        assertThat(next(s, Duration.ofMinutes(61))).isEqualTo(CHANGE.plus(Duration.ofHours(6)));
        assertThat(next(s, Duration.ofHours(6))).isEqualTo(CHANGE.plus(Duration.ofHours(24)));
        assertThat(next(s, Duration.ofHours(24))).isEqualTo(CHANGE.plus(Duration.ofHours(48)));
        assertThat(next(s, Duration.ofHours(50))).isEqualTo(CHANGE.plus(Duration.ofHours(72)));
        assertThat(next(s, Duration.ofHours(72))).isNull();
    }

    @Test
    void a_fetch_that_ran_late_skips_the_steps_it_missed() {
        assertThat(next(CheckSchedule.DEFAULT, Duration.ofHours(7))).isEqualTo(CHANGE.plus(Duration.ofHours(24)));
    }

    @Test
    void a_first_delay_longer_than_an_hour_and_a_give_up_between_steps() {
        CheckSchedule s = new CheckSchedule(Duration.ofHours(2), Duration.ofHours(30));
        assertThat(s.firstAfter(CHANGE, false)).isEqualTo(CHANGE.plus(Duration.ofHours(2)));
        assertThat(next(s, Duration.ofHours(2))).isEqualTo(CHANGE.plus(Duration.ofHours(6)));
        assertThat(next(s, Duration.ofHours(24))).as("the last fetch at the give-up").isEqualTo(CHANGE.plus(Duration.ofHours(30)));
        assertThat(next(s, Duration.ofHours(30))).isNull();
    }

    @Test
    void a_zero_first_delay_or_a_give_up_before_it_is_refused_naming_the_setting() {
        assertThatThrownBy(() -> new CheckSchedule(Duration.ZERO, Duration.ofDays(3)))
                .hasMessageContaining("switchboard.reconcile.after-ms");
        assertThatThrownBy(() -> new CheckSchedule(Duration.ofHours(2), Duration.ofHours(1)))
                .hasMessageContaining("switchboard.reconcile.give-up-ms");
    }
}
