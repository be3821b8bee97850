package dev.switchboard.dispatch;

import dev.switchboard.settings.Settings;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SenderRatesTest {

    private static SenderRates rates(Map<String, String> values, Map<String, Double> implicit) {
        return SenderRates.fromSettings(new Settings(k -> Optional.ofNullable(values.get(k))), implicit);
    }

    @Test
    void each_sender_type_gets_twilios_default_rate() {
        SenderRates r = rates(Map.of(), Map.of());

        assertThat(r.of("+14155550100")).isEqualTo(1);
        assertThat(r.of("+18005550100")).isEqualTo(3);
        assertThat(r.of("12345")).isEqualTo(80); // 100, capped by the account rate
        assertThat(r.of("Acme")).isEqualTo(10);
        assertThat(r.account()).isEqualTo(80);
    }

    @Test
    void an_override_wins_over_the_type_and_an_implicit_one() {
        SenderRates r = rates(Map.of("switchboard.sender.rates", " +14155550100=25 , whatsapp:+14155238886=2.5",
                "switchboard.rate.toll-free", "4"), Map.of("+14155550100", 80.0, "+15005550006", 80.0));

        assertThat(r.of("+14155550100")).isEqualTo(25);
        assertThat(r.of("whatsapp:+14155238886")).isEqualTo(2.5);
        assertThat(r.of("+15005550006")).isEqualTo(80);
        assertThat(r.of("+18665550100")).isEqualTo(4);
    }

    @Test
    void a_malformed_override_fails_with_the_setting_named() {
        assertThatThrownBy(() -> SenderRates.parse("+14155550100=fast"))
                .hasMessageContaining("SWITCHBOARD_SENDER_RATES").hasMessageContaining("+14155550100=fast");
        assertThatThrownBy(() -> SenderRates.parse("+14155550100")).hasMessageContaining("sender=messages-per-second");
        assertThatThrownBy(() -> SenderRates.parse("+14155550100=0")).isInstanceOf(IllegalStateException.class);
    }
}
