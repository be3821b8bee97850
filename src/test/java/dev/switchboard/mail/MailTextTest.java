package dev.switchboard.mail;

import dev.switchboard.domain.InvalidRequestException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MailTextTest {

    private static final Session SESSION = Session.getInstance(new Properties());

    @Test
    void reads_a_plain_text_mail() throws Exception {
        MimeMessage mail = new MimeMessage(SESSION);
        mail.setText("Pump 3 is down", "UTF-8");
        mail.saveChanges();

        assertThat(MailText.of(reparsed(mail))).isEqualTo("Pump 3 is down");
    }

    @Test
    void prefers_the_plain_alternative_over_html() throws Exception {
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(part("<p>HTML version</p>", "text/html; charset=UTF-8"));
        alternative.addBodyPart(part("Plain version", "text/plain; charset=UTF-8"));

        assertThat(MailText.of(reparsed(mail(alternative)))).isEqualTo("Plain version");
    }

    @Test
    void converts_an_html_only_mail_to_text() throws Exception {
        MimeMessage mail = new MimeMessage(SESSION);
        mail.setContent("<html><head><style>b{}</style></head><body><p>Door&nbsp;<b>open</b></p>"
                + "</body></html>", "text/html; charset=UTF-8");
        mail.saveChanges();

        assertThat(MailText.of(reparsed(mail))).isEqualTo("Door open");
    }

    @Test
    void refuses_an_html_only_mail_with_a_script() throws Exception {
        MimeMessage mail = new MimeMessage(SESSION);
        mail.setContent("<html><body><p>Door open</p><SCRIPT >alert(1)</script></body></html>", "text/html; charset=UTF-8");
        mail.saveChanges();

        assertThatThrownBy(() -> MailText.of(reparsed(mail))).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("script");
    }

    @Test
    void refuses_a_mime_bomb_of_many_or_deeply_nested_parts() throws Exception {
        MimeMultipart many = new MimeMultipart("mixed");
        for (int i = 0; i < MailText.MAX_PARTS + 5; i++) {
            many.addBodyPart(part("part " + i, "application/octet-stream"));
        }
        MimeMultipart nested = new MimeMultipart("mixed");
        nested.addBodyPart(part("deepest", "text/plain; charset=UTF-8"));
        for (int depth = 0; depth < MailText.MAX_DEPTH + 2; depth++) {
            MimeBodyPart wrapper = new MimeBodyPart();
            wrapper.setContent(nested);
            nested = new MimeMultipart("mixed");
            nested.addBodyPart(wrapper);
        }

        assertThatThrownBy(() -> MailText.of(reparsed(mail(many)))).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("MIME parts");
        MimeMultipart deep = nested;
        assertThatThrownBy(() -> MailText.of(reparsed(mail(deep)))).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("nested");
    }

    @Test
    void ignores_attachments_even_text_ones() throws Exception {
        MimeMultipart mixed = new MimeMultipart("mixed");
        MimeBodyPart attached = part("secret,report", "text/plain; charset=UTF-8");
        attached.setFileName("report.csv");
        attached.setDisposition(MimeBodyPart.ATTACHMENT);
        mixed.addBodyPart(attached);
        mixed.addBodyPart(part("See the report", "text/plain; charset=UTF-8"));
        MimeBodyPart binary = new MimeBodyPart();
        binary.setContent(new byte[] {1, 2, 3}, "application/pdf");
        binary.setFileName("x.pdf");
        mixed.addBodyPart(binary);

        assertThat(MailText.of(reparsed(mail(mixed)))).isEqualTo("See the report");
    }

    @Test
    void a_mail_with_only_an_attachment_has_no_text() throws Exception {
        MimeMultipart mixed = new MimeMultipart("mixed");
        MimeBodyPart attached = part("data", "text/plain");
        attached.setDisposition(MimeBodyPart.ATTACHMENT);
        mixed.addBodyPart(attached);

        assertThat(MailText.of(reparsed(mail(mixed)))).isEmpty();
    }

    @Test
    void decodes_the_declared_charset_and_quoted_printable() throws Exception {
        String raw = "Content-Type: text/plain; charset=ISO-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
                + "Caf=E9 ferm=E9\r\n";

        assertThat(MailText.of(parse(raw.getBytes(StandardCharsets.US_ASCII)))).isEqualTo("Café fermé\r\n");
    }

    @Test
    void an_unknown_charset_is_read_as_utf8() throws Exception {
        String raw = "Content-Type: text/plain; charset=x-unheard-of\r\n\r\nCafé";

        assertThat(MailText.of(parse(raw.getBytes(StandardCharsets.UTF_8)))).isEqualTo("Café");
    }

    @Test
    void joins_format_flowed_soft_line_breaks() throws Exception {
        String raw = "Content-Type: text/plain; charset=UTF-8; format=flowed\r\n\r\n"
                + "Pump 3 is down and needs \r\nattention now.\r\n \r\n-- \r\nsig";

        assertThat(MailText.of(parse(raw.getBytes(StandardCharsets.UTF_8))))
                .isEqualTo("Pump 3 is down and needs attention now.\n\n-- \nsig");
    }

    @Test
    void refuses_a_text_part_too_large_to_read() throws Exception {
        MimeMessage mail = new MimeMessage(SESSION);
        mail.setText("x".repeat(MailText.MAX_CHARS + 1), "UTF-8");
        mail.saveChanges();

        assertThatThrownBy(() -> MailText.of(reparsed(mail))).isInstanceOfSatisfying(InvalidRequestException.class,
                e -> assertThat(e.code()).isEqualTo("body_too_long"));
    }

    private static MimeBodyPart part(String text, String type) throws Exception {
        MimeBodyPart part = new MimeBodyPart();
        part.setContent(text, type);
        return part;
    }

    private static MimeMessage mail(MimeMultipart content) throws Exception {
        MimeMessage mail = new MimeMessage(SESSION);
        mail.setContent(content);
        mail.saveChanges();
        return mail;
    }

    // As a server would hand it over: the bytes, parsed again.
    private static MimeMessage reparsed(MimeMessage mail) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        mail.writeTo(out);
        return parse(out.toByteArray());
    }

    private static MimeMessage parse(byte[] raw) throws Exception {
        return new MimeMessage(SESSION, new ByteArrayInputStream(raw));
    }
}
