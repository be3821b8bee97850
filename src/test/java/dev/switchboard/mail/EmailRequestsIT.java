package dev.switchboard.mail;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import dev.switchboard.testing.Backend;
import dev.switchboard.testing.RunningSwitchboard;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.switchboard.mail.MailFixture.ALLOWED;
import static dev.switchboard.mail.MailFixture.MAILBOX;
import static dev.switchboard.mail.MailFixture.smsTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Mails from an allowed sender become SMS with the mail's own text, and are filed as processed after commit. */
class EmailRequestsIT {

    @RegisterExtension
    static final GreenMailExtension GREEN_MAIL = MailFixture.greenMail();

    private static MailFixture mail;
    private static RunningSwitchboard sb;

    @BeforeAll
    static void start() {
        mail = new MailFixture(GREEN_MAIL);
        Map<String, String> settings = new HashMap<>(mail.settings());
        settings.putAll(Backend.POSTGRES.freshDatabase("email_requests"));
        sb = RunningSwitchboard.start(settings);
    }

    @AfterAll
    static void stop() {
        sb.close();
    }

    @Test
    void a_mail_to_a_number_address_is_sent_as_sms_and_filed_as_processed_and_seen() throws Exception {
        MimeMessage m = mail.mail(ALLOWED, "+14155550101@sms.example.com", "Alarm");
        m.setText("Pump 3 is down.", "UTF-8");
        mail.deliver(m);

        await().atMost(Duration.ofSeconds(15)).until(() -> smsTo(sb, "+14155550101"), sent -> !sent.isEmpty());
        assertThat(smsTo(sb, "+14155550101")).containsExactly("Pump 3 is down.");
        MailFixture.Filed filed = await().atMost(Duration.ofSeconds(10)).until(() -> mail.find("processed", m), f -> f != null);
        assertThat(filed.seen()).isTrue();
        assertThat(mail.find("INBOX", m)).isNull();
    }

    @Test
    void a_subject_sms_plus_number_names_the_recipient() throws Exception {
        MimeMessage m = mail.mail(ALLOWED, MAILBOX, "SMS +1 415 555 0102");
        m.setText("Gate 2 left open", "UTF-8");
        mail.deliver(m);

        await().atMost(Duration.ofSeconds(15)).until(() -> smsTo(sb, "+14155550102"), sent -> !sent.isEmpty());
        assertThat(smsTo(sb, "+14155550102")).containsExactly("Gate 2 left open");
    }

    @Test
    void an_html_only_mail_is_sent_as_its_text_without_tags_or_styles() throws Exception {
        MimeMessage m = mail.mail(ALLOWED, "+14155550103@sms.example.com", "Alarm");
        m.setContent("<html><head><style>p{color:red}</style></head><body><p>Door <b>open</b> &amp; unlocked</p>"
                + "<div>Building&nbsp;B</div></body></html>", "text/html; charset=UTF-8");
        mail.deliver(m);

        await().atMost(Duration.ofSeconds(15)).until(() -> smsTo(sb, "+14155550103"), sent -> !sent.isEmpty());
        assertThat(smsTo(sb, "+14155550103")).containsExactly("Door open & unlocked\n\nBuilding B");
    }

    @Test
    void quoted_reply_and_signature_are_left_out() throws Exception {
        MimeMessage m = mail.mail(ALLOWED, "+14155550104@sms.example.com", "Re: Pump 3");
        m.setText("Restarted, all good.\n\nOn Mon, 1 Jan 2024 at 10:00, Ops <ops@example.com> wrote:\n"
                + "> Can you restart pump 3?\n> Thanks\n\n-- \nPanel 7, Building B\n", "UTF-8");
        mail.deliver(m);

        await().atMost(Duration.ofSeconds(15)).until(() -> smsTo(sb, "+14155550104"), sent -> !sent.isEmpty());
        assertThat(smsTo(sb, "+14155550104")).containsExactly("Restarted, all good.");
    }

    @Test
    void attachments_are_ignored() throws Exception {
        MimeMessage m = mail.mail(ALLOWED, "+14155550105@sms.example.com", "Report");
        MimeMultipart mixed = new MimeMultipart("mixed");
        MimeBodyPart text = new MimeBodyPart();
        text.setText("Daily report attached", "UTF-8");
        MimeBodyPart csv = new MimeBodyPart();
        csv.setText("pump,state\n3,down\n", "UTF-8");
        csv.setFileName("report.csv");
        csv.setDisposition(MimeBodyPart.ATTACHMENT);
        MimeBodyPart pdf = new MimeBodyPart();
        pdf.setContent(new byte[] {'%', 'P', 'D', 'F'}, "application/pdf");
        pdf.setFileName("report.pdf");
        mixed.addBodyPart(text);
        mixed.addBodyPart(csv);
        mixed.addBodyPart(pdf);
        m.setContent(mixed);
        mail.deliver(m);

        await().atMost(Duration.ofSeconds(15)).until(() -> smsTo(sb, "+14155550105"), sent -> !sent.isEmpty());
        assertThat(smsTo(sb, "+14155550105")).containsExactly("Daily report attached");
    }

    @Test
    void the_same_mail_delivered_twice_is_sent_once() throws Exception {
        MimeMessage m = mail.mail(ALLOWED, "+14155550106@sms.example.com", "Alarm");
        m.setText("Smoke in room 12", "UTF-8");
        mail.deliver(m);
        mail.deliver(m);

        String id = m.getMessageID();
        await().atMost(Duration.ofSeconds(15)).until(() -> mail.folder("processed").stream()
                .filter(f -> f.messageId().equals(id)).count() == 2);
        assertThat(smsTo(sb, "+14155550106")).containsExactly("Smoke in room 12");
    }

    @Test
    void a_mail_cannot_steer_its_own_filing_with_camel_mail_headers() throws Exception {
        MimeMessage m = mail.mail(ALLOWED, "+14155550107@sms.example.com", "Alarm");
        m.setText("Water leak", "UTF-8");
        m.setHeader("moveTo", "elsewhere");
        m.setHeader("delete", "true");
        m.setHeader("copyTo", "elsewhere");
        mail.deliver(m);

        MailFixture.Filed filed = await().atMost(Duration.ofSeconds(15)).until(() -> mail.find("processed", m), f -> f != null);
        assertThat(filed.seen()).isTrue();
        assertThat(mail.folder("elsewhere")).isEmpty();
        assertThat(smsTo(sb, "+14155550107")).isEqualTo(List.of("Water leak"));
    }
}
