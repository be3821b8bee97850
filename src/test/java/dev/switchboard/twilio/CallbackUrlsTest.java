package dev.switchboard.twilio;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The status callback URL given to Twilio: public base + path, connection overrides kept at the end. */
class CallbackUrlsTest {

    @Test
    void a_fragment_of_the_public_url_goes_after_the_path() {
        assertThat(CallbackUrls.of("https://gw.example.com/sb/#rc=2&rt=10000", "/twilio/status"))
                .isEqualTo("https://gw.example.com/sb/twilio/status#rc=2&rt=10000");
        assertThat(CallbackUrls.of("https://gw.example.com/", "/twilio/status"))
                .isEqualTo("https://gw.example.com/twilio/status");
    }
}
