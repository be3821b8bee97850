package dev.switchboard.twilio;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The validator alone: URL variants, tokens, JSON bodies (the HTTP-level vectors are in SignatureVectorsIT). */
class TwilioSignaturesTest {

    private static final Map<String, String> PARAMS = Map.of("CallSid", "CA1234567890ABCDE", "Caller", "+14158675309",
            "Digits", "1234", "From", "+14158675309", "To", "+18005551212");

    @Test
    void variants_are_the_url_as_given_without_its_port_and_with_the_default_port() {
        assertThat(TwilioSignatures.variants("https://a.example/x?q=1"))
                .containsExactly("https://a.example/x?q=1", "https://a.example:443/x?q=1");
        assertThat(TwilioSignatures.variants("http://a.example:8080/x"))
                .containsExactly("http://a.example:8080/x", "http://a.example/x");
        assertThat(TwilioSignatures.variants("http://a.example")).containsExactly("http://a.example", "http://a.example:80");
    }

    @Test
    void either_configured_token_validates_and_blank_tokens_are_ignored() {
        String url = "https://mycompany.com/myapp.php?foo=1&bar=2";
        String sig = "RSOYDt4T1cUTdK1PDd93/VVr8B8=";

        assertThat(new TwilioSignatures(Arrays.asList("other", "12345")).validForm(url, PARAMS, sig)).isTrue();
        assertThat(new TwilioSignatures(Arrays.asList("12345", null)).validForm(url, PARAMS, sig)).isTrue();
        assertThat(new TwilioSignatures(Arrays.asList("other", " ")).validForm(url, PARAMS, sig)).isFalse();
        assertThatThrownBy(() -> new TwilioSignatures(Arrays.asList(null, ""))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_fragment_is_never_signed() {
        assertThat(new TwilioSignatures(List.of("12345"))
                .validForm("https://mycompany.com/myapp.php?foo=1&bar=2#rc=3&rt=5000", PARAMS, "RSOYDt4T1cUTdK1PDd93/VVr8B8="))
                .isTrue();
    }

    @Test
    void json_body_needs_its_hash_in_the_url_and_a_signature_of_the_url() {
        TwilioSignatures v = new TwilioSignatures(List.of("12345"));
        byte[] body = "{\"property\": \"value\", \"boolean\": true}".getBytes(StandardCharsets.UTF_8);
        String hash = "0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620";
        String url = "https://mycompany.com/myapp.php?foo=1&bar=2&bodySHA256=" + hash;

        assertThat(v.validJson(url, body, "a9nBmqA0ju/hNViExpshrM61xv4=")).isTrue();
        assertThat(v.validJson(url, "{}".getBytes(StandardCharsets.UTF_8), "a9nBmqA0ju/hNViExpshrM61xv4=")).isFalse();
        assertThat(v.validJson("https://mycompany.com/myapp.php?foo=1&bar=2", body, "RSOYDt4T1cUTdK1PDd93/VVr8B8=")).isFalse();
    }

    @Test
    void missing_or_blank_signature_is_refused() {
        TwilioSignatures v = new TwilioSignatures(List.of("12345"));
        assertThat(v.validForm("https://mycompany.com/myapp.php?foo=1&bar=2", PARAMS, null)).isFalse();
        assertThat(v.validForm("https://mycompany.com/myapp.php?foo=1&bar=2", PARAMS, "")).isFalse();
    }
}
