package dev.switchboard.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
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

    @Test
    void the_refused_type_check_agrees_with_libphonenumbers_number_type() throws Exception {
        var phones = com.google.i18n.phonenumbers.PhoneNumberUtil.getInstance();
        java.util.List<String> numbers = new java.util.ArrayList<>(java.util.List.of("+19005550100", "+18005550100",
                "+14155550100", "+447700900123", "+448712345678", "+449012345678", "+448001234567", "+445612345678",
                "+447640123456", "+33899123456", "+33612345678", "+4915112345678", "+4990012345678", "+80012345678",
                "+870773111632", "+6019001234", "+12642351234", "+18684001234", "+390612345678", "+35318001234",
                "+61190012345", "+8613012345678", "+12125550100", "+1900123"));
        // And every region's own examples of each refusable type, where it has them.
        for (String region : phones.getSupportedRegions()) {
            for (var type : java.util.List.of(PhoneNumberType.PREMIUM_RATE, PhoneNumberType.SHARED_COST,
                    PhoneNumberType.UAN, PhoneNumberType.VOICEMAIL, PhoneNumberType.PAGER, PhoneNumberType.TOLL_FREE,
                    PhoneNumberType.MOBILE, PhoneNumberType.VOIP)) {
                var example = phones.getExampleNumberForType(region, type);
                if (example != null) {
                    numbers.add(phones.format(example, com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat.E164));
                }
            }
        }
        int refusable = 0;
        for (String e164 : numbers) {
            var number = phones.parse(e164, null);
            PhoneNumberType expected = phones.getNumberType(number);
            PhoneNumberType leading = Destinations.leadingType(number);
            boolean expectedLeading = Destinations.REFUSED_FOR_SMS.contains(expected)
                    || expected == PhoneNumberType.TOLL_FREE || expected == PhoneNumberType.VOIP
                    || expected == PhoneNumberType.PERSONAL_NUMBER;
            assertThat(leading).as(e164).isEqualTo(expectedLeading ? expected : PhoneNumberType.UNKNOWN);
            refusable += Destinations.REFUSED_FOR_SMS.contains(expected) ? 1 : 0;
        }
        assertThat(numbers).hasSizeGreaterThan(500);
        assertThat(refusable).isGreaterThan(100);
    }
}
