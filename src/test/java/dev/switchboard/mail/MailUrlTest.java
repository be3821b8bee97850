package dev.switchboard.mail;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MailUrlTest {

    private static final Set<String> IMAP = Set.of("imap", "imaps");

    @Test
    void parses_credentials_host_port_and_folder() {
        MailUrl url = MailUrl.parse("switchboard.mail.url", "imaps://ops%40example.com:p%40ss+w%3Ard@mail.example.com:993/Alerts", IMAP);

        assertThat(url).extracting(MailUrl::protocol, MailUrl::host, MailUrl::port, MailUrl::user, MailUrl::password, MailUrl::path)
                .containsExactly("imaps", "mail.example.com", 993, "ops@example.com", "p@ss+w:rd", "Alerts");
        assertThat(url.secure()).isTrue();
    }

    @Test
    void defaults_the_port_and_the_inbox() {
        MailUrl url = MailUrl.parse("switchboard.mail.url", "imap://u:p@localhost", IMAP);

        assertThat(url.port()).isEqualTo(143);
        assertThat(url.path()).isEqualTo("INBOX");
    }

    @Test
    void masks_the_password_when_printed() {
        MailUrl url = MailUrl.parse("switchboard.mail.url", "imaps://ops:s3cret@mail.example.com:993/INBOX", IMAP);

        assertThat(url.toString()).isEqualTo("imaps://ops:***@mail.example.com:993/INBOX").doesNotContain("s3cret");
    }

    @Test
    void errors_name_the_setting_but_never_echo_the_password() {
        assertThatThrownBy(() -> MailUrl.parse("switchboard.mail.url", "pop3://u:s3cret@host", IMAP))
                .hasMessageContaining("SWITCHBOARD_MAIL_URL").hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> MailUrl.parse("switchboard.mail.url", "imap://u:s3cret%zz@host", IMAP))
                .hasMessageContaining("SWITCHBOARD_MAIL_URL").hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> MailUrl.parse("switchboard.mail.url", "imap://u:s3 cret@host", IMAP))
                .hasMessageNotContaining("s3");
    }
}
