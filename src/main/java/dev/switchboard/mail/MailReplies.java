package dev.switchboard.mail;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Properties;

/**
 * Tells the sender of a mail that could not become an SMS why, over SMTP ({@code SWITCHBOARD_SMTP_URL}, from
 * {@code SWITCHBOARD_MAIL_FROM}). Only senders that passed the allow-list are answered, never an automatic mail
 * (no mail loops), and a failed reply is logged, never retried: the mail itself is kept in the failed folder.
 */
public final class MailReplies {

    private static final Logger LOG = LoggerFactory.getLogger(MailReplies.class);
    private static final String TIMEOUT_MS = "10000";

    private final MailUrl smtp;
    private final InternetAddress from;
    private final Session session;

    /** Replies through {@code smtp} from {@code from}; either {@code null} turns replies off. */
    public MailReplies(MailUrl smtp, InternetAddress from) {
        this.smtp = smtp;
        this.from = from;
        this.session = smtp == null || from == null ? null : Session.getInstance(properties(smtp));
    }

    public boolean enabled() {
        return session != null;
    }

    /** Route step after a mail went to the failed folder: replies when the mail qualifies, never throws. */
    public void send(Exchange exchange) {
        MailHeaders mail = exchange.getProperty(EmailRequests.HEADERS, MailHeaders.class);
        String reason = exchange.getProperty(EmailRequests.REASON, String.class);
        boolean screened = exchange.getProperty(EmailRequests.SCREENED, false, Boolean.class);
        if (!enabled() || mail == null || !screened || mail.automatic() || reason == null) {
            return;
        }
        try {
            Transport.send(reply(mail, reason), smtp.user(), smtp.password());
            LOG.info("Email {}: told {} why it was not sent", mail.idForLog(), MailHeaders.forLog(mail.returnPath()));
        } catch (MessagingException | RuntimeException e) {
            LOG.warn("Email {}: could not send the reply via {}: {}", mail.idForLog(), smtp, e.getMessage());
        }
    }

    MimeMessage reply(MailHeaders mail, String reason) throws MessagingException {
        MimeMessage reply = new MimeMessage(session);
        reply.setFrom(from);
        // RFC 3834: an automatic answer goes to the envelope sender and says it is automatic.
        reply.setRecipient(Message.RecipientType.TO, new InternetAddress(mail.returnPath()));
        reply.setSubject("Not sent as SMS: " + (mail.subject().isEmpty() ? "(no subject)" : mail.subject()), "UTF-8");
        reply.setHeader("Auto-Submitted", "auto-replied");
        if (mail.messageId() != null) {
            reply.setHeader("In-Reply-To", mail.messageId().strip());
            reply.setHeader("References", mail.messageId().strip());
        }
        reply.setText("Switchboard could not send your mail as an SMS.\n\nReason: " + reason + "\n\n"
                + "To send an SMS, " + MailRecipient.HOW + ". The text of the mail (without quoted replies"
                + " and the signature) becomes the message.\n", "UTF-8");
        return reply;
    }

    private static Properties properties(MailUrl smtp) {
        String p = "mail." + smtp.protocol() + ".";
        Properties props = new Properties();
        props.put("mail.transport.protocol", smtp.protocol());
        props.put("mail.transport.protocol.rfc822", smtp.protocol()); // else Transport.send picks plain smtp
        props.put(p + "host", smtp.host());
        props.put(p + "port", String.valueOf(smtp.port()));
        props.put(p + "auth", String.valueOf(smtp.user() != null));
        props.put(p + "connectiontimeout", TIMEOUT_MS);
        props.put(p + "timeout", TIMEOUT_MS);
        props.put(p + "writetimeout", TIMEOUT_MS);
        if (smtp.secure()) {
            props.put(p + "ssl.checkserveridentity", "true");
        } else {
            props.put(p + "starttls.enable", "true"); // upgrade when the server offers it
        }
        return props;
    }
}
