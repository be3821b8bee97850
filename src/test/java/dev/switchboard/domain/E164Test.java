package dev.switchboard.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class E164Test {

    @ParameterizedTest
    @ValueSource(strings = {"+14155550100", "+14155552671"})
    void accepts_the_fictional_numbers_docs_use(String raw) {
        assertThat(E164.parse(raw, "to").value()).isEqualTo(raw);
    }

    @ParameterizedTest
    @ValueSource(strings = {"+15005550001", "+15005550002", "+15005550003", "+15005550004", "+15005550005",
        "+15005550006", "+15005550007", "+15005550008", "+15005550009"})
    void accepts_twilio_magic_test_numbers(String raw) {
        assertThat(E164.parse(raw, "to").value()).isEqualTo(raw);
    }

    @Test
    void accepts_the_uk_drama_range_that_libphonenumber_deems_unassigned() {
        // Ofcom reserves 07700 900xxx for fiction: possible, but not "valid" to libphonenumber.
        assertThat(E164.parse("+447700900123", "to").value()).isEqualTo("+447700900123");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "+1 (415) 555-0100 | +14155550100",
        "+44 20 7946 0958  | +442079460958",
        "'  +14155550100 ' | +14155550100",
        "+1.415.555.0100   | +14155550100",
        "+33 1 23 45 67 89 | +33123456789",
    })
    void normalizes_formatted_input_to_e164(String raw, String expected) {
        assertThat(E164.parse(raw, "to").value()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "+1415              | too short",
        "+99912345          | unknown country code",
        "hello              | must start with +",
        "14155550100        | must start with +",
        "+141555501000      | too long",
        "+1 555 0100        | missing an area code",
        "+                  | not a phone number",
        "+1 415 555 0100 x1 | extensions are not supported",
    })
    void rejects_impossible_numbers_with_a_reason(String raw, String reason) {
        assertThatThrownBy(() -> E164.parse(raw, "to"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.code()).isEqualTo("invalid_to");
                    assertThat(e.field()).isEqualTo("to");
                    assertThat(e.httpStatus()).isEqualTo(422);
                    assertThat(e.getMessage()).contains(reason);
                });
    }

    @Test
    void missing_plus_explains_the_expected_form() {
        assertThatThrownBy(() -> E164.parse("14155550100", "to"))
                .hasMessage("'to' must start with + and a country code, e.g. +14155550100");
    }

    @Test
    void invalid_number_message_names_the_field() {
        assertThatThrownBy(() -> E164.parse("+1415", "from"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.code()).isEqualTo("invalid_from");
                    assertThat(e.field()).isEqualTo("from");
                    assertThat(e).hasMessage("'from' is not a valid phone number: too short");
                });
    }

    @Test
    void rejects_input_longer_than_32_characters_before_parsing() {
        String raw = "+1 415 555 0100" + " ".repeat(10) + "0000000000";

        assertThatThrownBy(() -> E164.parse(raw, "to"))
                .hasMessageContaining("longer than 32 characters");
    }

    @Test
    void rejects_control_characters_libphonenumber_would_drop() {
        assertThatThrownBy(() -> E164.parse("+14155550100\u0000", "to"))
                .hasMessageContaining("control characters");
    }

    @ParameterizedTest
    @CsvSource({
        "+14155550100, +1415•••0100",
        "+442079460958, +44207•••0958",
        "+8613800138000, +86138•••8000",
        "+6831234, +683•••34",
        "+80012345678, +800123•••5678",
    })
    void masks_middle_digits_but_keeps_country_code_and_ends(String value, String masked) {
        assertThat(new E164(value).masked()).isEqualTo(masked);
    }

    @Test
    void to_string_is_masked_so_numbers_do_not_leak_into_logs() {
        E164 number = E164.parse("+14155550100", "to");

        assertThat(number.toString()).isEqualTo("+1415•••0100").doesNotContain("5550100");
        assertThat(number.value()).isEqualTo("+14155550100");
    }

    @Test
    void constructor_refuses_values_not_in_e164_shape() {
        assertThatThrownBy(() -> new E164("4155550100")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new E164("+1 415 555 0100")).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * The fast path ({@link E164#canonical}) builds exactly the number libphonenumber's parse builds, for every
     * calling code, national numbers of 0 to 19 digits, with and without a leading zero or the country's
     * national prefix; where it declines, parse decides. Numbers from real files (US) take it.
     */
    @Test
    void canonical_input_is_parsed_exactly_as_libphonenumber_parses_it() throws Exception {
        PhoneNumberUtil phone = PhoneNumberUtil.getInstance();
        SplittableRandom random = new SplittableRandom(164);
        int taken = 0;
        int compared = 0;
        for (int cc : phone.getSupportedCallingCodes()) {
            String ndd = phone.getNddPrefixForRegion(phone.getRegionCodeForCountryCode(cc), true);
            for (int i = 0; i < 400; i++) {
                StringBuilder nsn = new StringBuilder();
                int kind = random.nextInt(4);
                if (kind == 1) {
                    nsn.append('0');
                } else if (kind == 2 && ndd != null) {
                    nsn.append(ndd);
                }
                int length = random.nextInt(20);
                while (nsn.length() < length) {
                    nsn.append((char) ('0' + random.nextInt(10)));
                }
                String text = "+" + cc + nsn;
                PhoneNumber fast = E164.canonical(text);
                if (fast == null) {
                    continue;
                }
                taken++;
                PhoneNumber parsed = phone.parse(text, null);
                assertThat(fast.exactlySameAs(parsed)).as("%s: fast %s, parse %s", text, fast, parsed).isTrue();
                assertThat(phone.format(fast, PhoneNumberUtil.PhoneNumberFormat.E164)).isEqualTo(text);
                compared++;
            }
        }
        assertThat(compared).isEqualTo(taken).isGreaterThan(20_000);
        assertThat(E164.canonical("+14155550100")).isNotNull();
        assertThat(E164.canonical("+16462000454")).isNotNull();
        // Parse decides these: a national prefix it may strip, Italy's leading zero, an unknown country code.
        assertThat(E164.canonical("+78495123456")).isNull();
        assertThat(E164.canonical("+390612345678")).isNull();
        assertThat(E164.canonical("+9991234567")).isNull();
        assertThat(E164.canonical("+1 415 555 0100")).isNull();
    }
}
