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
import java.util.List;
import java.util.Map;

import static dev.switchboard.mail.MailFixture.MAILBOX;
import static dev.switchboard.mail.MailFixture.REPLY_FROM;
import static dev.switchboard.mail.MailFixture.smsTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A mail that cannot become a request is filed in failed, and its (allowed, human) sender is told why over SMTP. */
class EmailFailuresIT {

    @RegisterExtension
    static final GreenMailExtension GREEN_MAIL = MailFixture.greenMail();

    private static MailFixture mail;
    private static RunningSwitchboard sb;

    @BeforeAll
    static void start() {
        mail = new MailFixture(GREEN_MAIL);
        Map<String, String> settings = new HashMap<>(mail.settings());
        settings.putAll(Backend.POSTGRES.freshDatabase("email_failures"));
        sb = RunningSwitchboard.start(settings);
    }

    @AfterAll
    static void stop() {
        sb.close();
    }

    @Test
    void an_invalid_number_files_the_mail_in_failed_and_the_sender_gets_the_reason() throws Exception {
        String sender = "panel1@ops.example.com";
        MimeMessage m = mail.mail(sender, "+1415555@sms.example.com", "Alarm 1");
        m.setText("Pump 3 is down", "UTF-8");
        mail.deliver(m);

        MailFixture.Filed filed = await().atMost(Duration.ofSeconds(15)).until(() -> mail.find("failed", m), f -> f != null);
        assertThat(filed.seen()).isTrue();
        List<MimeMessage> replies = mail.receivedBy(sender);
        assertThat(replies).hasSize(1);
        MimeMessage reply = replies.get(0);
        assertThat(reply.getFrom()[0].toString()).isEqualTo(REPLY_FROM);
        assertThat(reply.getSubject()).isEqualTo("Not sent as SMS: Alarm 1");
        assertThat(reply.getHeader("In-Reply-To")[0]).isEqualTo(m.getMessageID());
        assertThat(reply.getHeader("Auto-Submitted")[0]).isEqualTo("auto-replied");
        assertThat((String) reply.getContent()).contains("'to' is not a valid phone number");
        assertThat(sb.sandbox().createdParams()).noneMatch(p -> "Pump 3 is down".equals(p.get("Body")));
    }

    @Test
    void a_mail_naming_no_number_is_answered_with_how_to_address_it() throws Exception {
        String sender = "panel2@ops.example.com";
        MimeMessage m = mail.mail(sender, MAILBOX, "Alarm 2");
        m.setText("Who gets this?", "UTF-8");
        mail.deliver(m);

        await().atMost(Duration.ofSeconds(15)).until(() -> mail.find("failed", m), f -> f != null);
        assertThat(mail.receivedBy(sender)).singleElement()
                .satisfies(reply -> assertThat((String) reply.getContent()).contains("names no phone number", "SMS +<number>"));
    }

    @Test
    void a_mail_with_nothing_but_a_quote_and_a_signature_fails_as_empty() throws Exception {
        String sender = "panel3@ops.example.com";
        MimeMessage m = mail.mail(sender, "+14155550301@sms.example.com", "Re: Alarm");
        m.setText("> earlier text\n-- \nPanel 3", "UTF-8");
        mail.deliver(m);

        await().atMost(Duration.ofSeconds(15)).until(() -> mail.find("failed", m), f -> f != null);
        assertThat(mail.receivedBy(sender)).singleElement()
                .satisfies(reply -> assertThat((String) reply.getContent()).contains("no text to send"));
        assertThat(smsTo(sb, "+14155550301")).isEmpty();
    }

    @Test
    void an_automatic_mail_is_filed_in_failed_but_never_answered() throws Exception {
        String sender = "robot@ops.example.com";
        MimeMessage m = mail.mail(sender, MAILBOX, "Out of office");
        m.setHeader("Auto-Submitted", "auto-replied");
        m.setText("I am away", "UTF-8");
        mail.deliver(m);

        await().atMost(Duration.ofSeconds(15)).until(() -> mail.find("failed", m), f -> f != null);
        assertThat(mail.receivedBy(sender)).isEmpty();
    }
}
