package dev.switchboard.mail;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EmailRequestsTest {

    @Test
    void the_message_id_is_the_idempotency_key() {
        assertThat(EmailRequests.idempotencyKey(headers("<abc@panel7.example.com>"), "text"))
                .isEqualTo("email:<abc@panel7.example.com>");
    }

    @Test
    void a_message_id_too_long_for_the_key_column_is_hashed() {
        String key = EmailRequests.idempotencyKey(headers("<" + "a".repeat(300) + "@x>"), "text");

        assertThat(key).startsWith("email:sha256:").hasSizeLessThanOrEqualTo(255);
        assertThat(EmailRequests.idempotencyKey(headers("<" + "a".repeat(300) + "@x>"), "other")).isEqualTo(key);
    }

    @Test
    void a_mail_without_message_id_is_keyed_by_its_content() {
        String key = EmailRequests.idempotencyKey(headers(null), "text");

        assertThat(key).startsWith("email:sha256:");
        assertThat(EmailRequests.idempotencyKey(headers(null), "text")).isEqualTo(key);
        assertThat(EmailRequests.idempotencyKey(headers(null), "other text")).isNotEqualTo(key);
    }

    private static MailHeaders headers(String messageId) {
        return new MailHeaders(messageId, "ops@example.com", List.of("ops@example.com"),
                List.of("+14155550100@sms.example.com"), "Alarm", "Mon, 1 Jan 2024 10:00:00 +0000", false);
    }
}
