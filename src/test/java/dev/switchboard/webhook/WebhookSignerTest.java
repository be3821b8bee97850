package dev.switchboard.webhook;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookSignerTest {

    /** The Standard Webhooks specification's example, which npm standardwebhooks 1.1.0 also signs this way. */
    @Test
    void signs_the_specifications_example_as_the_reference_library_does() {
        byte[] key = WebhookSigner.key("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "secret");
        assertThat(WebhookSigner.signature(List.of(key), "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
                "{\"test\": 2432232314}")).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void two_secrets_give_two_signatures_newest_first() {
        byte[] a = WebhookSigner.key(WebhookSigner.generate(), "a");
        byte[] b = WebhookSigner.key(WebhookSigner.generate(), "b");
        String both = WebhookSigner.signature(List.of(a, b), "evt_1", 1, "{}");
        assertThat(both.split(" ")).containsExactly(WebhookSigner.signature(List.of(a), "evt_1", 1, "{}"),
                WebhookSigner.signature(List.of(b), "evt_1", 1, "{}"));
    }

    @Test
    void the_body_id_and_timestamp_are_all_signed() {
        byte[] k = WebhookSigner.key(WebhookSigner.generate(), "k");
        String base = WebhookSigner.signature(List.of(k), "evt_1", 100, "{\"a\":1}");
        assertThat(WebhookSigner.signature(List.of(k), "evt_2", 100, "{\"a\":1}")).isNotEqualTo(base);
        assertThat(WebhookSigner.signature(List.of(k), "evt_1", 101, "{\"a\":1}")).isNotEqualTo(base);
        assertThat(WebhookSigner.signature(List.of(k), "evt_1", 100, "{\"a\":2}")).isNotEqualTo(base);
    }

    @Test
    void generated_secrets_are_whsec_and_32_random_bytes() {
        String s = WebhookSigner.generate();
        assertThat(s).startsWith("whsec_").isNotEqualTo(WebhookSigner.generate());
        assertThat(WebhookSigner.key(s, "s")).hasSize(32);
    }

    @Test
    void a_malformed_secret_is_refused_naming_the_setting_not_the_value() {
        assertThatThrownBy(() -> WebhookSigner.key("abcdef", "SWITCHBOARD_WEBHOOK_SECRET"))
                .hasMessage("SWITCHBOARD_WEBHOOK_SECRET must be whsec_ followed by base64");
        assertThatThrownBy(() -> WebhookSigner.key("whsec_!!!not-base64!!!", "SWITCHBOARD_WEBHOOK_SECRET"))
                .hasMessage("SWITCHBOARD_WEBHOOK_SECRET is not valid base64 after whsec_");
        assertThatThrownBy(() -> WebhookSigner.key("whsec_c2hvcnQ=", "SWITCHBOARD_WEBHOOK_SECRET"))
                .hasMessageContaining("too short").hasMessageNotContaining("c2hvcnQ");
    }
}
