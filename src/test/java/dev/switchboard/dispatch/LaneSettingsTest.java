package dev.switchboard.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.settings.Settings;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LaneSettingsTest {

    private static Settings settings(Map<String, String> values) {
        return new Settings(name -> Optional.ofNullable(values.get(name)));
    }

    @Test
    void bulk_min_share_takes_a_percentage_or_a_fraction_and_defaults_to_ten_percent() {
        assertThat(SendPacing.bulkMinShare(settings(Map.of()))).isEqualTo(0.1);
        assertThat(SendPacing.bulkMinShare(settings(Map.of("switchboard.bulk.min-share", "25%")))).isEqualTo(0.25);
        assertThat(SendPacing.bulkMinShare(settings(Map.of("switchboard.bulk.min-share", "0.05")))).isEqualTo(0.05);
        assertThat(SendPacing.bulkMinShare(settings(Map.of("switchboard.bulk.min-share", "0")))).isZero();
    }

    @Test
    void a_share_that_is_not_one_stops_start_up_naming_the_setting() {
        for (String bad : new String[] {"ten", "95%", "-1", "1"}) {
            assertThatThrownBy(() -> SendPacing.bulkMinShare(settings(Map.of("switchboard.bulk.min-share", bad))))
                    .hasMessageContaining("SWITCHBOARD_BULK_MIN_SHARE").hasMessageContaining("'" + bad + "'");
        }
    }
}
