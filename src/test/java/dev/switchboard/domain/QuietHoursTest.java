package dev.switchboard.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.i18n.phonenumbers.PhoneNumberToTimeZonesMapper;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class QuietHoursTest {

    private static final QuietHours NIGHT = QuietHours.parse("21:00-08:00");

    private static final E164 LONDON = number("+442079460958");
    private static final E164 NEW_YORK = number("+12125550123");
    private static final E164 LOS_ANGELES = number("+13105550123");
    private static final E164 IDAHO = number("+12085550100");
    private static final E164 TOLL_FREE = number("+18005550100");
    private static final E164 UK_DRAMA_RANGE = number("+447700900123");

    private static E164 number(String e164) {
        return E164.parse(e164, "to");
    }

    private static Instant local(String dateTime, String zone) {
        return LocalDateTime.parse(dateTime).atZone(ZoneId.of(zone)).toInstant();
    }

    @Test
    void london_number_at_half_past_ten_at_night_is_quiet_until_eight_next_morning() {
        Instant at = local("2026-07-15T22:30", "Europe/London");

        assertThat(NIGHT.isQuiet(LONDON, at)).isTrue();
        assertThat(NIGHT.nextAllowed(LONDON, at))
                .isEqualTo(local("2026-07-16T08:00", "Europe/London"))
                .isEqualTo(Instant.parse("2026-07-16T07:00:00Z"));
    }

    @Test
    void quiet_hours_end_at_eight_exactly() {
        Instant eight = local("2026-07-16T08:00", "Europe/London");

        assertThat(NIGHT.isQuiet(LONDON, eight)).isFalse();
        assertThat(NIGHT.nextAllowed(LONDON, eight)).isEqualTo(eight);
        assertThat(NIGHT.isQuiet(LONDON, eight.minusSeconds(1))).isTrue();
    }

    @Test
    void quiet_hours_start_at_nine_exactly() {
        assertThat(NIGHT.isQuiet(LONDON, local("2026-07-15T20:59", "Europe/London"))).isFalse();
        assertThat(NIGHT.isQuiet(LONDON, local("2026-07-15T21:00", "Europe/London"))).isTrue();
    }

    @Test
    void same_day_window_is_quiet_only_between_its_ends() {
        QuietHours lunch = QuietHours.parse("13:00-14:00");

        assertThat(lunch.isQuiet(LONDON, local("2026-07-15T12:59", "Europe/London"))).isFalse();
        assertThat(lunch.isQuiet(LONDON, local("2026-07-15T13:30", "Europe/London"))).isTrue();
        assertThat(lunch.isQuiet(LONDON, local("2026-07-15T14:00", "Europe/London"))).isFalse();
        assertThat(lunch.isQuiet(LONDON, local("2026-07-15T23:00", "Europe/London"))).isFalse();
        assertThat(lunch.nextAllowed(LONDON, local("2026-07-15T13:30", "Europe/London")))
                .isEqualTo(local("2026-07-15T14:00", "Europe/London"));
    }

    @Test
    void same_instant_is_quiet_in_new_york_but_not_in_los_angeles() {
        Instant at = local("2026-01-15T21:30", "America/New_York");
        assertThat(at.atZone(ZoneId.of("America/Los_Angeles")).toLocalTime()).isEqualTo(LocalTime.of(18, 30));

        assertThat(NIGHT.isQuiet(NEW_YORK, at)).isTrue();
        assertThat(NIGHT.isQuiet(LOS_ANGELES, at)).isFalse();
        assertThat(NIGHT.nextAllowed(NEW_YORK, at)).isEqualTo(local("2026-01-16T08:00", "America/New_York"));
        assertThat(NIGHT.nextAllowed(LOS_ANGELES, at)).isEqualTo(at);
    }

    @Test
    void a_number_spanning_two_zones_is_quiet_while_either_is() {
        assertThat(QuietHours.zonesOf(IDAHO))
                .containsExactly(ZoneId.of("America/Boise"), ZoneId.of("America/Los_Angeles"));
        Instant at = local("2026-01-15T20:30", "America/Los_Angeles"); // 21:30 in Boise

        assertThat(NIGHT.isQuiet(LOS_ANGELES, at)).isFalse();
        assertThat(NIGHT.isQuiet(IDAHO, at)).isTrue();
        // Boise wakes at 08:00 MST, an hour before Los Angeles does.
        assertThat(NIGHT.nextAllowed(IDAHO, at)).isEqualTo(local("2026-01-16T08:00", "America/Los_Angeles"));
    }

    @Test
    void toll_free_number_maps_to_every_nanp_zone_and_waits_for_the_last_to_wake() {
        assertThat(QuietHours.zonesOf(TOLL_FREE))
                .hasSizeGreaterThan(10)
                .contains(ZoneId.of("America/New_York"), ZoneId.of("America/Los_Angeles"),
                        ZoneId.of("Pacific/Honolulu"), ZoneId.of("Pacific/Pago_Pago"), ZoneId.of("Pacific/Guam"));
        Instant noonInNewYork = local("2026-01-15T12:00", "America/New_York"); // 03:00 next day in Guam

        assertThat(NIGHT.isQuiet(NEW_YORK, noonInNewYork)).isFalse();
        assertThat(NIGHT.isQuiet(TOLL_FREE, noonInNewYork)).isTrue();
        Instant next = NIGHT.nextAllowed(TOLL_FREE, noonInNewYork);
        assertThat(next).isEqualTo(Instant.parse("2026-01-15T22:00:00Z"));
        assertThat(next.atZone(ZoneId.of("Pacific/Guam")).toLocalTime()).isEqualTo(LocalTime.of(8, 0));
        assertThat(NIGHT.isQuiet(TOLL_FREE, next.minusSeconds(1))).isTrue();
    }

    @Test
    void refuses_when_zones_never_share_an_allowed_moment() {
        QuietHours allButSevenToEight = QuietHours.parse("08:00-07:00");

        assertThatThrownBy(() -> allButSevenToEight.nextAllowed(TOLL_FREE, Instant.parse("2026-01-15T17:00:00Z")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("+1800•••0100");
    }

    @Test
    void window_ending_in_the_spring_forward_gap_ends_when_the_gap_does() {
        QuietHours untilHalfPastTwo = QuietHours.parse("21:00-02:30");
        Instant evening = local("2026-03-07T23:00", "America/New_York");

        Instant next = untilHalfPastTwo.nextAllowed(NEW_YORK, evening);

        // 02:00 EST jumps to 03:00 EDT, so 02:30 never happens that night.
        assertThat(next).isEqualTo(Instant.parse("2026-03-08T07:00:00Z"));
        assertThat(next.atZone(ZoneId.of("America/New_York")).toLocalTime()).isEqualTo(LocalTime.of(3, 0));
        assertThat(untilHalfPastTwo.isQuiet(NEW_YORK, next.minusSeconds(1))).isTrue();
    }

    @Test
    void window_ending_in_the_repeated_fall_back_hour_ends_twice() {
        QuietHours untilHalfPastOne = QuietHours.parse("21:00-01:30");
        Instant firstEnd = Instant.parse("2026-11-01T05:30:00Z"); // 01:30 EDT
        Instant clocksGoBack = Instant.parse("2026-11-01T06:00:00Z"); // 02:00 EDT becomes 01:00 EST

        assertThat(untilHalfPastOne.nextAllowed(NEW_YORK, local("2026-10-31T23:00", "America/New_York")))
                .isEqualTo(firstEnd);
        assertThat(untilHalfPastOne.isQuiet(NEW_YORK, clocksGoBack)).isTrue();
        assertThat(untilHalfPastOne.nextAllowed(NEW_YORK, clocksGoBack))
                .isEqualTo(Instant.parse("2026-11-01T06:30:00Z")); // 01:30 EST
    }

    @Test
    void clocks_going_back_before_the_start_end_the_window_early() {
        QuietHours fromHalfPastOne = QuietHours.parse("01:30-08:00");
        Instant quarterToTwoEdt = Instant.parse("2026-11-01T05:45:00Z");

        assertThat(fromHalfPastOne.isQuiet(NEW_YORK, quarterToTwoEdt)).isTrue();
        assertThat(fromHalfPastOne.nextAllowed(NEW_YORK, quarterToTwoEdt))
                .isEqualTo(Instant.parse("2026-11-01T06:00:00Z")); // 01:00 EST
    }

    @Test
    void number_the_mapper_cannot_place_falls_back_to_utc() throws Exception {
        assertThat(PhoneNumberToTimeZonesMapper.getInstance().getTimeZonesForNumber(
                PhoneNumberUtil.getInstance().parse(UK_DRAMA_RANGE.value(), null))).containsExactly("Etc/Unknown");

        assertThat(QuietHours.zonesOf(UK_DRAMA_RANGE)).containsExactly(ZoneOffset.UTC);
        // 21:30 in London (BST) but 20:30 UTC: quiet for a London number, not for one measured in UTC.
        Instant at = Instant.parse("2026-07-15T20:30:00Z");
        assertThat(NIGHT.isQuiet(LONDON, at)).isTrue();
        assertThat(NIGHT.isQuiet(UK_DRAMA_RANGE, at)).isFalse();
        assertThat(NIGHT.nextAllowed(UK_DRAMA_RANGE, Instant.parse("2026-07-15T21:30:00Z")))
                .isEqualTo(Instant.parse("2026-07-16T08:00:00Z"));
    }

    @Test
    void parses_start_and_end() {
        assertThat(QuietHours.parse("21:00-08:00")).isEqualTo(new QuietHours(LocalTime.of(21, 0), LocalTime.of(8, 0)));
        assertThat(QuietHours.parse(" 13:05 - 14:45 "))
                .isEqualTo(new QuietHours(LocalTime.of(13, 5), LocalTime.of(14, 45)));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "21:00", "9pm-8am", "21-08", "2100-0800", "21:00/08:00", "9:00-17:00", "25:00-08:00",
        "21:00-08:60", "24:00-08:00", "21:00-08:00-09:00"})
    void rejects_malformed_settings_naming_the_setting_and_format(String spec) {
        assertThatThrownBy(() -> QuietHours.parse(spec))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SWITCHBOARD_QUIET_HOURS")
                .hasMessageContaining("HH:mm-HH:mm");
    }

    @Test
    void rejects_a_window_that_starts_where_it_ends() {
        assertThatThrownBy(() -> QuietHours.parse("21:00-21:00"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SWITCHBOARD_QUIET_HOURS")
                .hasMessageContaining("differ");
        assertThatThrownBy(() -> new QuietHours(LocalTime.NOON, LocalTime.NOON))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
