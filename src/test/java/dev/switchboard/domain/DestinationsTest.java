package dev.switchboard.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DestinationsTest {

    @Test
    void an_empty_setting_allows_every_country() {
        assertThat(Destinations.parse("")).isSameAs(Destinations.ALL);
        assertThat(Destinations.parse(null).allows("+447700900123")).isTrue();
    }

    @Test
    void only_the_listed_countries_are_allowed_codes_in_any_case() {
        Destinations d = Destinations.parse(" us, ca ");

        assertThat(d.allows("+14155550100")).isTrue();   // San Francisco
        assertThat(d.allows("+16135550100")).isTrue();   // Ottawa
        assertThat(d.allows("+447700900123")).isFalse(); // UK mobile
        assertThatThrownBy(() -> d.check("+447700900123", "to"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.code()).isEqualTo("destination_not_allowed");
                    assertThat(e.field()).isEqualTo("to");
                    assertThat(e.getMessage()).contains("GB").contains("CA, US").contains("SWITCHBOARD_ALLOWED_COUNTRIES");
                });
    }

    @Test
    void an_unknown_code_stops_start_up_naming_the_setting_and_the_code() {
        assertThatThrownBy(() -> Destinations.parse("US,XX"))
                .hasMessageContaining("SWITCHBOARD_ALLOWED_COUNTRIES").hasMessageContaining("'XX'");
        assertThatThrownBy(() -> Destinations.parse("USA"))
                .hasMessageContaining("'USA'");
    }

    @Test
    void premium_rate_numbers_are_refused_for_sms_only_and_unless_the_setting_allows_them() {
        String premium = "+19005550100"; // US 900: premium rate
        assertThatThrownBy(() -> Destinations.ALL.check(premium, "to", "sms"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.code()).isEqualTo("destination_not_allowed");
                    assertThat(e.getMessage()).contains("premium rate").contains("SWITCHBOARD_ALLOWED_NUMBER_TYPES");
                });
        Destinations.ALL.check(premium, "to", "voice"); // a call is not an SMS
        Destinations.ALL.check("+14155550100", "to", "sms");
        Destinations.parse("", "premium_rate").check(premium, "to", "sms");
        assertThat(Destinations.ALL.allows(premium, "sms")).isFalse();
        assertThatThrownBy(() -> Destinations.parse("", "mobile"))
                .hasMessageContaining("SWITCHBOARD_ALLOWED_NUMBER_TYPES").hasMessageContaining("'mobile'");
    }
}
