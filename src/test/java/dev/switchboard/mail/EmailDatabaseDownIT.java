package dev.switchboard.mail;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import dev.switchboard.testing.RunningSwitchboard;
import dev.switchboard.testing.TcpProxy;
import dev.switchboard.testing.TestDatabases;
import jakarta.mail.internet.MimeMessage;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.switchboard.mail.MailFixture.ALLOWED;
import static dev.switchboard.mail.MailFixture.smsTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** With the database unreachable a mail is not acknowledged: it stays unseen in the inbox and is sent once it is back. */
class EmailDatabaseDownIT {

    @RegisterExtension
    static final GreenMailExtension GREEN_MAIL = MailFixture.greenMail();

    @Test
    void a_mail_stays_unseen_in_the_inbox_while_the_database_is_down_and_is_sent_once_after() throws Exception {
        MailFixture mail = new MailFixture(GREEN_MAIL);
        String direct = TestDatabases.freshPostgresSchema("email_database_down");
        URI pg = URI.create(direct.substring("jdbc:".length()));
        try (TcpProxy proxy = new TcpProxy(pg.getHost(), pg.getPort() < 0 ? 5432 : pg.getPort())) {
            Map<String, String> settings = new HashMap<>(mail.settings());
            settings.put("switchboard.db.url", direct.replaceFirst("//[^/]+/", "//127.0.0.1:" + proxy.port() + "/"));
            settings.put("switchboard.db.connect-timeout-ms", "1000");
            try (RunningSwitchboard sb = RunningSwitchboard.start(settings)) {
                proxy.down();
                NotifyBuilder twoFailedPolls = new NotifyBuilder(sb.context()).fromRoute("email-requests").whenFailed(2).create();
                MimeMessage m = mail.mail(ALLOWED, "+14155550401@sms.example.com", "Alarm");
                m.setText("Freezer at -5", "UTF-8");
                mail.deliver(m);

                assertThat(twoFailedPolls.matches(30, TimeUnit.SECONDS)).as("the mail was tried and not acknowledged").isTrue();
                MailFixture.Filed waiting = mail.find("INBOX", m);
                assertThat(waiting).isNotNull();
                assertThat(waiting.seen()).isFalse();
                assertThat(mail.find("processed", m)).isNull();
                assertThat(mail.find("failed", m)).isNull();

                proxy.up();
                await().atMost(Duration.ofSeconds(30)).until(() -> mail.find("processed", m), f -> f != null);
                await().atMost(Duration.ofSeconds(15)).until(() -> smsTo(sb, "+14155550401"), sent -> !sent.isEmpty());
                assertThat(smsTo(sb, "+14155550401")).containsExactly("Freezer at -5");
                assertThat(mail.find("INBOX", m)).isNull();
            }
        }
    }
}
