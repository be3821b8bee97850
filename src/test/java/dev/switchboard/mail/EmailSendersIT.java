package dev.switchboard.mail;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import dev.switchboard.testing.Backend;
import dev.switchboard.testing.RunningSwitchboard;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static dev.switchboard.mail.MailFixture.ALLOWED;
import static dev.switchboard.mail.MailFixture.smsTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Only senders on the allow-list, by envelope AND From, get a mail turned into an SMS; the rest is filed unread, unanswered. */
class EmailSendersIT {

    @RegisterExtension
    static final GreenMailExtension GREEN_MAIL = MailFixture.greenMail();

    private static MailFixture mail;
    private static RunningSwitchboard sb;

    @BeforeAll
    static void start() {
        mail = new MailFixture(GREEN_MAIL);
        Map<String, String> settings = new HashMap<>(mail.settings());
        settings.putAll(Backend.POSTGRES.freshDatabase("email_senders"));
        sb = RunningSwitchboard.start(settings);
    }

    @AfterAll
    static void stop() {
        sb.close();
    }

    @Test
    void a_sender_not_on_the_allow_list_is_filed_unread_in_rejected_and_nothing_is_sent() throws Exception {
        MimeMessage m = mail.mail("stranger@evil.test", "+14155550201@sms.example.com", "Hi");
        m.setText("Send this please", "UTF-8");
        mail.deliver(m);

        MailFixture.Filed filed = await().atMost(Duration.ofSeconds(15)).until(() -> mail.find("rejected", m), f -> f != null);
        assertThat(filed.seen()).isFalse();
        assertThat(mail.find("INBOX", m)).isNull();
        assertThat(smsTo(sb, "+14155550201")).isEmpty();
        assertThat(mail.receivedBy("stranger@evil.test")).as("never answered").isEmpty();
    }

    @Test
    void an_allowed_from_header_with_a_foreign_envelope_sender_is_rejected() throws Exception {
        MimeMessage m = mail.mail(ALLOWED, "+14155550202@sms.example.com", "Alarm");
        m.setText("Spoofed", "UTF-8");
        mail.deliver(m, "bounce@evil.test");

        MailFixture.Filed filed = await().atMost(Duration.ofSeconds(15)).until(() -> mail.find("rejected", m), f -> f != null);
        assertThat(filed.seen()).isFalse();
        assertThat(smsTo(sb, "+14155550202")).isEmpty();
        assertThat(mail.receivedBy("bounce@evil.test")).isEmpty();
    }

    @Test
    void an_allowed_envelope_sender_with_a_foreign_from_header_is_rejected() throws Exception {
        MimeMessage m = mail.mail("ceo@evil.test", "+14155550203@sms.example.com", "Urgent");
        m.setText("Wire money", "UTF-8");
        mail.deliver(m, ALLOWED);

        await().atMost(Duration.ofSeconds(15)).until(() -> mail.find("rejected", m), f -> f != null);
        assertThat(smsTo(sb, "+14155550203")).isEmpty();
    }

    @Test
    void a_whole_allowed_domain_gets_through() throws Exception {
        MimeMessage m = mail.mail("night-shift@ops.example.com", "+14155550204@sms.example.com", "Alarm");
        m.setText("Boiler pressure low", "UTF-8");
        mail.deliver(m);

        await().atMost(Duration.ofSeconds(15)).until(() -> smsTo(sb, "+14155550204"), sent -> !sent.isEmpty());
        assertThat(smsTo(sb, "+14155550204")).containsExactly("Boiler pressure low");
    }
}
