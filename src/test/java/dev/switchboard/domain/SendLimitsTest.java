package dev.switchboard.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SendLimitsTest {

    @Test
    void nothing_set_means_no_limits_with_a_one_hour_window_and_three_prefix_digits() {
        SendLimits limits = SendLimits.from(k -> null);

        assertThat(limits.any()).isFalse();
        assertThat(limits.velocity()).isFalse();
        assertThat(limits.daily()).isFalse();
        assertThat(limits.window()).isEqualTo(Duration.ofHours(1));
        assertThat(limits.prefixDigits()).isEqualTo(3);
    }

    @Test
    void the_settings_are_read_by_name() {
        Map<String, String> s = Map.of("switchboard.velocity.window-ms", "60000", "switchboard.velocity.prefix-limit", "5",
                "switchboard.velocity.prefix-digits", "4", "switchboard.velocity.country-limit", "50",
                "switchboard.daily.segments", "10000");
        SendLimits limits = SendLimits.from(s::get);

        assertThat(limits).isEqualTo(new SendLimits(Duration.ofMinutes(1), 5, 4, 50, 10_000));
        assertThat(limits.velocity()).isTrue();
        assertThat(limits.daily()).isTrue();
    }

    @Test
    void the_prefix_is_the_country_code_and_the_next_digits() {
        SendLimits three = new SendLimits(Duration.ofHours(1), 5, 3, 0, 0);
        SendLimits five = new SendLimits(Duration.ofHours(1), 5, 5, 0, 0);

        assertThat(three.prefixOf("+447700900123")).isEqualTo("+44770");
        assertThat(three.prefixOf("+14155550123")).isEqualTo("+1415");
        assertThat(five.prefixOf("+14155550123")).isEqualTo("+141555");
        assertThat(three.prefixOf("+2250700000000")).as("three-digit country code").isEqualTo("+225070");
    }

    @Test
    void velocity_counts_transactional_messages_that_will_be_sent_and_the_budget_counts_sms_and_whatsapp() {
        assertThat(SendLimits.countsForVelocity("transactional", "accepted")).isTrue();
        assertThat(SendLimits.countsForVelocity("transactional", "scheduled")).isTrue();
        assertThat(SendLimits.countsForVelocity("bulk", "accepted")).isFalse();
        assertThat(SendLimits.countsForVelocity("transactional", "suppressed")).isFalse();
        assertThat(SendLimits.countsForBudget("sms", "accepted")).isTrue();
        assertThat(SendLimits.countsForBudget("whatsapp", "scheduled")).isTrue();
        assertThat(SendLimits.countsForBudget("voice", "accepted")).isFalse();
        assertThat(SendLimits.countsForBudget("sms", "suppressed")).isFalse();
    }

    @Test
    void a_bad_value_stops_start_up_naming_the_setting() {
        assertThatThrownBy(() -> SendLimits.from(Map.of("switchboard.velocity.prefix-limit", "five")::get))
                .hasMessageContaining("SWITCHBOARD_VELOCITY_PREFIX_LIMIT").hasMessageContaining("'five'");
        assertThatThrownBy(() -> SendLimits.from(Map.of("switchboard.daily.segments", "-1")::get))
                .hasMessageContaining("SWITCHBOARD_DAILY_SEGMENTS").hasMessageContaining("-1");
        assertThatThrownBy(() -> SendLimits.from(Map.of("switchboard.velocity.window-ms", "0")::get))
                .hasMessageContaining("SWITCHBOARD_VELOCITY_WINDOW_MS");
        assertThatThrownBy(() -> SendLimits.from(Map.of("switchboard.velocity.prefix-digits", "12")::get))
                .hasMessageContaining("SWITCHBOARD_VELOCITY_PREFIX_DIGITS").hasMessageContaining("1 to 8");
    }

    @Test
    void the_window_reads_in_the_largest_whole_unit() {
        assertThat(new SendLimits(Duration.ofHours(1), 1, 3, 0, 0).windowText()).isEqualTo("1 h");
        assertThat(new SendLimits(Duration.ofMinutes(10), 1, 3, 0, 0).windowText()).isEqualTo("10 min");
        assertThat(new SendLimits(Duration.ofSeconds(90), 1, 3, 0, 0).windowText()).isEqualTo("90 s");
        assertThat(new SendLimits(Duration.ofMillis(1500), 1, 3, 0, 0).windowText()).isEqualTo("1500 ms");
    }
}
