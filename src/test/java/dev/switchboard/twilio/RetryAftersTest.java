package dev.switchboard.twilio;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class RetryAftersTest {

    @Test
    void reads_seconds_and_falls_back_to_one_second_for_anything_else() {
        assertThat(RetryAfters.parse("5")).isEqualTo(Duration.ofSeconds(5));
        assertThat(RetryAfters.parse(" 2 ")).isEqualTo(Duration.ofSeconds(2));
        assertThat(RetryAfters.parse(null)).isEqualTo(RetryAfters.DEFAULT);
        assertThat(RetryAfters.parse("0")).isEqualTo(RetryAfters.DEFAULT);
        assertThat(RetryAfters.parse("Wed, 21 Oct 2015 07:28:00 GMT")).isEqualTo(RetryAfters.DEFAULT);
        assertThat(RetryAfters.parse("999999")).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void a_noted_wait_is_taken_once_per_sender() {
        RetryAfters r = new RetryAfters();
        r.note("+14155550100", "3");

        assertThat(r.take("+14155550199")).isEmpty();
        assertThat(r.take("+14155550100")).contains(Duration.ofSeconds(3));
        assertThat(r.take("+14155550100")).isEmpty();
    }
}
