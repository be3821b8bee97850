package dev.switchboard.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SegmentsTest {

    @Test
    void gsm_text_fits_160_characters_in_one_segment_then_153_per_segment() {
        assertThat(Segments.count("a".repeat(160))).isEqualTo(1);
        assertThat(Segments.count("a".repeat(161))).isEqualTo(2);
        assertThat(Segments.count("a".repeat(306))).isEqualTo(2);
        assertThat(Segments.count("a".repeat(307))).isEqualTo(3);
    }

    @Test
    void gsm_extension_characters_take_two_septets() {
        assertThat(Segments.count("€".repeat(80))).isEqualTo(1);
        assertThat(Segments.count("€".repeat(81))).isEqualTo(2);
    }

    @Test
    void non_gsm_text_fits_70_units_in_one_segment_then_67_per_segment() {
        assertThat(Segments.count("ж".repeat(70))).isEqualTo(1);
        assertThat(Segments.count("ж".repeat(71))).isEqualTo(2);
        assertThat(Segments.count("👍".repeat(35))).isEqualTo(1);
        assertThat(Segments.count("👍".repeat(36))).isEqualTo(2);
    }
}
