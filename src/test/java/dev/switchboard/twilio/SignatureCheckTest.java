package dev.switchboard.twilio;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Twilio's documented signature example, checked through the gateway's own validator. */
class SignatureCheckTest {

    private static final Map<String, String> PARAMS = Map.of(
            "CallSid", "CA1234567890ABCDE",
            "Caller", "+14158675310",
            "Digits", "1234",
            "From", "+14158675310",
            "To", "+18005551212");
    private static final String EXPECTED = "GvWf1cFY/Q7PnoempGyD5oXAezc=";

    @Test
    void accepts_twilios_documented_example() {
        SignatureCheck check = new SignatureCheck("12345", "https://mycompany.com");

        assertThat(check.valid("/myapp.php", "foo=1&bar=2", PARAMS, EXPECTED)).isTrue();
    }

    @Test
    void accepts_the_example_with_the_default_port_in_the_public_url() {
        SignatureCheck check = new SignatureCheck("12345", "https://mycompany.com:443");

        assertThat(check.valid("/myapp.php", "foo=1&bar=2", PARAMS, EXPECTED)).isTrue();
    }

    @Test
    void rejects_wrong_token_changed_parameter_changed_query_and_missing_signature() {
        SignatureCheck right = new SignatureCheck("12345", "https://mycompany.com");
        SignatureCheck wrongToken = new SignatureCheck("54321", "https://mycompany.com");
        Map<String, String> changed = new java.util.HashMap<>(PARAMS);
        changed.put("Digits", "9999");

        assertThat(wrongToken.valid("/myapp.php", "foo=1&bar=2", PARAMS, EXPECTED)).isFalse();
        assertThat(right.valid("/myapp.php", "foo=1&bar=2", changed, EXPECTED)).isFalse();
        assertThat(right.valid("/myapp.php", "foo=1&bar=3", PARAMS, EXPECTED)).isFalse();
        assertThat(right.valid("/myapp.php", "foo=1&bar=2", PARAMS, null)).isFalse();
        assertThat(right.valid("/myapp.php", "foo=1&bar=2", PARAMS, "")).isFalse();
    }

    @Test
    void signed_url_is_public_base_plus_path_plus_raw_query() {
        SignatureCheck check = new SignatureCheck("t", "https://gw.example.com/prefix/");

        assertThat(check.signedUrl("/twilio/status", null)).isEqualTo("https://gw.example.com/prefix/twilio/status");
        assertThat(check.signedUrl("/twilio/status", "a=1")).isEqualTo("https://gw.example.com/prefix/twilio/status?a=1");
    }
}
