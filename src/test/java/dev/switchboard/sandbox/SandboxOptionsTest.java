package dev.switchboard.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SandboxOptionsTest {

    @Test
    void flags_set_every_setting() {
        SandboxOptions options = SandboxOptions.parse(new String[] {
            "--port", "8089", "--host", "0.0.0.0", "--account-sid", "AC" + "1".repeat(32), "--auth-token", "secret",
            "--latency-ms", "25", "--callback-delay-ms", "100", "--failure-rate", "0.1", "--undelivered-rate", "0.2",
            "--out-of-order-rate", "0.3", "--seed", "99", "--threads=8"}, Map.of());

        assertThat(options.config()).isEqualTo(new SandboxConfig("0.0.0.0", 8089, "AC" + "1".repeat(32), "secret",
                25, 100, 0.1, 0.2, 0.3, 99, 8));
        assertThat(options.tokenGenerated()).isFalse();
    }

    @Test
    void environment_variables_set_settings_and_flags_win_over_them() {
        SandboxOptions options = SandboxOptions.parse(new String[] {"--port", "9000"},
                Map.of("SANDBOX_PORT", "8000", "SANDBOX_AUTH_TOKEN", "from-env", "SANDBOX_OUT_OF_ORDER_RATE", "0.5",
                        "SANDBOX_CALLBACK_DELAY_MS", "5"));

        assertThat(options.config().port()).isEqualTo(9000);
        assertThat(options.config().authToken()).isEqualTo("from-env");
        assertThat(options.config().outOfOrderRate()).isEqualTo(0.5);
        assertThat(options.config().callbackDelayMillis()).isEqualTo(5);
    }

    @Test
    void the_banner_shows_a_given_token_never_and_a_generated_token_once() {
        SandboxOptions given = SandboxOptions.parse(new String[] {"--auth-token", "real-looking-secret"}, Map.of());
        SandboxOptions generated = SandboxOptions.parse(new String[0], Map.of());

        assertThat(given.banner("http://127.0.0.1:1")).doesNotContain("real-looking-secret")
                .contains("http://127.0.0.1:1", SandboxConfig.DEFAULT_ACCOUNT_SID);
        assertThat(generated.banner("http://127.0.0.1:1")).contains(generated.config().authToken());
        assertThat(generated.config().authToken()).matches("[0-9a-f]{32}");
    }

    @Test
    void unknown_flags_missing_values_and_bad_numbers_are_refused_with_the_flag_named() {
        assertThatThrownBy(() -> SandboxOptions.parse(new String[] {"--colour", "red"}, Map.of()))
                .hasMessageContaining("--colour");
        assertThatThrownBy(() -> SandboxOptions.parse(new String[] {"--port"}, Map.of()))
                .hasMessageContaining("--port");
        assertThatThrownBy(() -> SandboxOptions.parse(new String[] {"--failure-rate", "2"}, Map.of()))
                .hasMessageContaining("--failure-rate");
        assertThatThrownBy(() -> SandboxOptions.parse(new String[0], Map.of("SANDBOX_SEED", "x")))
                .hasMessageContaining("--seed");
    }

    @Test
    void config_refuses_an_account_sid_twilio_would_not_issue() {
        assertThatThrownBy(() -> SandboxConfig.defaults().withAccountSid("AC123"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("accountSid");
    }

    @Test
    void config_defaults_are_loopback_ephemeral_and_well_behaved() {
        SandboxConfig defaults = SandboxConfig.defaults();

        assertThat(defaults.host()).isEqualTo("127.0.0.1");
        assertThat(defaults.port()).isZero();
        assertThat(defaults.accountSid()).matches("^AC[0-9a-fA-F]{32}$");
        assertThat(defaults.callbackDelayMillis()).isEqualTo(50);
        assertThat(defaults.threads()).isEqualTo(64);
        assertThat(defaults.failureRate() + defaults.undeliveredRate() + defaults.outOfOrderRate()).isZero();
        assertThat(SandboxConfig.defaults().authToken()).isNotEqualTo(defaults.authToken());
    }

    @Test
    void config_to_string_hides_the_auth_token() {
        SandboxConfig config = SandboxConfig.defaults().withAuthToken("do-not-print-me");

        assertThat(config.toString()).doesNotContain("do-not-print-me");
    }
}
