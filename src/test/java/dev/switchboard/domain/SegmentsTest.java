package dev.switchboard.domain;

import static dev.switchboard.domain.Segments.Encoding.GSM7;
import static dev.switchboard.domain.Segments.Encoding.UCS2;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.domain.Segments.Encoding;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SegmentsTest {

    private static final String THUMBS_UP = "👍";

    static Stream<Arguments> bodies() {
        return Stream.of(
                row("empty body takes no segment", "", GSM7, 0, 0),
                row("160 GSM chars fit one", "a".repeat(160), GSM7, 1, 160),
                row("161 GSM chars need two", "a".repeat(161), GSM7, 2, 161),
                row("306 GSM chars fill two parts", "a".repeat(306), GSM7, 2, 306),
                row("307 GSM chars need three", "a".repeat(307), GSM7, 3, 307),
                row("euro takes two septets", "a".repeat(158) + "€", GSM7, 1, 160),
                row("159 a plus euro is 161 septets", "a".repeat(159) + "€", GSM7, 2, 161),
                // Naively 306 septets = 2 parts, but the escape cannot straddle the 153 boundary.
                row("escape is never split", "a".repeat(152) + "€" + "a".repeat(152), GSM7, 3, 306),
                row("70 UCS-2 units fit one", "ж".repeat(70), UCS2, 1, 70),
                row("71 UCS-2 units need two", "ж".repeat(71), UCS2, 2, 71),
                row("134 UCS-2 units fill two parts", "ж".repeat(134), UCS2, 2, 134),
                row("135 UCS-2 units need three", "ж".repeat(135), UCS2, 3, 135),
                row("an emoji is two units", THUMBS_UP, UCS2, 1, 2),
                row("66 a plus emoji fits one", "a".repeat(66) + THUMBS_UP, UCS2, 1, 68),
                // Naively 134 units = 2 parts, but the surrogate pair cannot straddle the 67 boundary.
                row("surrogate pair is never split", "a".repeat(66) + THUMBS_UP + "a".repeat(66), UCS2, 3, 134),
                row("lower-case c cedilla is not GSM", "ç", UCS2, 1, 1),
                row("upper-case C cedilla is GSM", "Ç", GSM7, 1, 1),
                row("one non-GSM char turns the whole body UCS-2", "a".repeat(100) + "ç", UCS2, 2, 101));
    }

    private static Arguments row(String name, String body, Encoding encoding, int count, int units) {
        return Arguments.of(name, body, encoding, count, units);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodies")
    void counts_segments_by_the_sms_rules(String name, String body, Encoding encoding, int count, int units) {
        assertThat(Segments.of(body)).isEqualTo(new Segments(encoding, count, units));
    }

    @Test
    void euro_sign_counts_as_two_septets() {
        assertThat(Segments.of("€").units()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"^", "{", "}", "\\", "[", "~", "]", "|", "€", "\f"})
    void extension_characters_count_as_two_septets(String c) {
        assertThat(Segments.of(c)).isEqualTo(new Segments(GSM7, 1, 2));
    }

    @Test
    void whole_basic_table_is_gsm7_at_one_septet_each() {
        String basic = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
                + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

        assertThat(basic).hasSize(127);
        assertThat(Segments.of(basic)).isEqualTo(new Segments(GSM7, 1, 127));
    }

    // U+2126 is the ohm sign, not the Greek capital omega GSM carries.
    @ParameterizedTest
    @ValueSource(strings = {"ç", "á", "`", "\t", "\u2126", "ê", "“", "’"})
    void characters_outside_gsm_force_ucs2(String c) {
        assertThat(Segments.of("hello " + c).encoding()).isEqualTo(UCS2);
    }

    @Test
    void encodings_have_wire_names() {
        assertThat(GSM7.wireName()).isEqualTo("GSM-7");
        assertThat(UCS2.wireName()).isEqualTo("UCS-2");
    }
}
