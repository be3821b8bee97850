package dev.switchboard.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.twilio.security.RequestValidator;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TwilioSignatureTest {

    private static final String TOKEN = "12345";
    private static final String URL = "https://mycompany.com/myapp.php?foo=1&bar=2";
    private static final Map<String, String> PARAMS = Map.of(
            "CallSid", "CA1234567890ABCDE",
            "Caller", "+14158675310",
            "Digits", "1234",
            "From", "+14158675310",
            "To", "+18005551212");

    @Test
    void signs_twilios_documented_example_to_the_documented_signature() {
        assertThat(TwilioSignature.sign(TOKEN, URL, PARAMS)).isEqualTo("GvWf1cFY/Q7PnoempGyD5oXAezc=");
    }

    @Test
    void twilio_sdk_request_validator_accepts_the_signature() {
        Map<String, String> params = Map.of("MessageSid", "SM0123456789abcdef0123456789abcdef",
                "MessageStatus", "delivered", "To", "+15558675310", "Body", "Grüße & emoji 👍 = ok");
        String url = "http://127.0.0.1:8080/twilio/status?tenant=a%20b";
        String signature = TwilioSignature.sign("f00dfeedf00dfeedf00dfeedf00dfeed", url, params);

        assertThat(new RequestValidator("f00dfeedf00dfeedf00dfeedf00dfeed").validate(url, params, signature))
                .isTrue();
    }

    @Test
    void twilio_sdk_request_validator_rejects_the_signature_once_a_parameter_changes() {
        String signature = TwilioSignature.sign(TOKEN, URL, PARAMS);
        Map<String, String> tampered = new HashMap<>(PARAMS);
        tampered.put("Digits", "9999");

        assertThat(new RequestValidator(TOKEN).validate(URL, tampered, signature)).isFalse();
        assertThat(new RequestValidator("54321").validate(URL, PARAMS, signature)).isFalse();
    }

    @Test
    void sorts_parameters_by_name_whatever_order_they_come_in() {
        Map<String, String> reversed = new LinkedHashMap<>();
        PARAMS.keySet().stream().sorted(Comparator.reverseOrder()).forEach(k -> reversed.put(k, PARAMS.get(k)));

        assertThat(TwilioSignature.sign(TOKEN, URL, reversed)).isEqualTo("GvWf1cFY/Q7PnoempGyD5oXAezc=");
    }
}
