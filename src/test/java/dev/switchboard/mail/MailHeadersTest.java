package dev.switchboard.mail;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class MailHeadersTest {

    @Test
    void the_topmost_return_path_is_the_envelope_sender() throws Exception {
        MailHeaders h = read("Return-Path: <panel7@alerts.example.com>\r\nReturn-Path: <ops@example.com>\r\n"
                + "From: Panel 7 <panel7@alerts.example.com>\r\nTo: +14155550100@sms.example.com, \"Ops\" <ops@example.com>\r\n"
                + "Subject: Alarm\r\nMessage-ID: <a1@alerts.example.com>\r\n\r\nbody");

        assertThat(h.returnPath()).isEqualTo("panel7@alerts.example.com");
        assertThat(h.from()).containsExactly("panel7@alerts.example.com");
        assertThat(h.to()).containsExactly("+14155550100@sms.example.com", "ops@example.com");
        assertThat(h.messageId()).isEqualTo("<a1@alerts.example.com>");
        assertThat(h.automatic()).isFalse();
    }

    @Test
    void a_null_return_path_is_no_envelope_sender() throws Exception {
        assertThat(read("Return-Path: <>\r\nFrom: a@b.example\r\n\r\nx").returnPath()).isNull();
        assertThat(read("From: a@b.example\r\n\r\nx").returnPath()).isNull();
    }

    @Test
    void an_encoded_subject_cannot_carry_a_line_break() throws Exception {
        // "Hi\r\nBcc: victim@example.com" as a base64 encoded word
        MailHeaders h = read("Subject: =?UTF-8?B?SGkNCkJjYzogdmljdGltQGV4YW1wbGUuY29t?=\r\n\r\nx");

        assertThat(h.subject()).doesNotContain("\r", "\n").isEqualTo("Hi  Bcc: victim@example.com");
    }

    @Test
    void auto_submitted_and_bulk_precedence_mark_a_mail_automatic() throws Exception {
        assertThat(read("Auto-Submitted: auto-replied\r\n\r\nx").automatic()).isTrue();
        assertThat(read("Auto-Submitted: no\r\n\r\nx").automatic()).isFalse();
        assertThat(read("Precedence: bulk\r\n\r\nx").automatic()).isTrue();
    }

    @Test
    void an_unparseable_address_is_skipped_not_fatal() throws Exception {
        assertThatCode(() -> read("To: <<<broken, +14155550100@sms.example.com\r\nFrom: \"unclosed <a@b\r\n\r\nx"))
                .doesNotThrowAnyException();
    }

    @Test
    void logged_addresses_mask_phone_numbers() {
        assertThat(MailHeaders.forLog("14155550100@txt.example.com")).isEqualTo("•••0100@txt.example.com");
        assertThat(MailHeaders.forLog("ops@example.com")).isEqualTo("ops@example.com");
    }

    private static MailHeaders read(String raw) throws Exception {
        return MailHeaders.read(new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8))));
    }
}
