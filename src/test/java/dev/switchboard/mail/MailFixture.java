package dev.switchboard.mail;


import com.icegreen.greenmail.base.GreenMailOperations;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.switchboard.testing.RunningSwitchboard;
import jakarta.mail.Address;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/**
 * GreenMail for the email adapter's tests: Switchboard's mailbox, mails delivered to it over SMTP with a chosen
 * envelope sender and Message-ID (as a mail server with an alias for {@code *@sms.example.com} would), and its
 * folders read over IMAP without touching their flags.
 */
final class MailFixture {

    static final String MAILBOX = "switchboard@example.com";
    static final String LOGIN = "switchboard";
    static final String PASSWORD = "imap-s3cret";
    static final String ALLOWED = "panel7@alerts.example.com";
    static final String REPLY_FROM = "switchboard-noreply@example.com";

    /** A stored copy of a mail in a folder. */
    record Filed(String messageId, String subject, boolean seen) {
    }

    private final GreenMailOperations greenMail;

    MailFixture(GreenMailOperations greenMail) {
        this.greenMail = greenMail;
    }

    static GreenMailExtension greenMail() {
        return new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP))
                .withConfiguration(GreenMailConfiguration.aConfig().withUser(MAILBOX, LOGIN, PASSWORD))
                .withPerMethodLifecycle(false);
    }

    /** Settings that point a Switchboard's email adapter at this GreenMail, polling fast. */
    Map<String, String> settings() {
        Map<String, String> s = new HashMap<>();
        s.put("switchboard.mail.url", "imap://" + LOGIN + ":" + PASSWORD + "@" + host() + ":" + greenMail.getImap().getPort() + "/INBOX");
        s.put("switchboard.mail.allowed-senders", ALLOWED + ", @ops.example.com");
        s.put("switchboard.mail.poll-ms", "100");
        s.put("switchboard.smtp.url", "smtp://" + LOGIN + ":" + PASSWORD + "@" + host() + ":" + greenMail.getSmtp().getPort());
        s.put("switchboard.mail.from", REPLY_FROM);
        return s;
    }

    /** A new mail with a unique Message-ID that stays the same however often it is sent. */
    MimeMessage mail(String from, String to, String subject) throws MessagingException {
        String id = "<" + UUID.randomUUID() + "@alerts.example.com>";
        MimeMessage mail = new MimeMessage(smtpSession(from)) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", id);
            }
        };
        mail.setFrom(new InternetAddress(from));
        mail.setRecipients(Message.RecipientType.TO, InternetAddress.parse(to));
        mail.setSubject(subject, "UTF-8");
        return mail;
    }

    /** Delivers to Switchboard's mailbox with {@code envelopeFrom} as MAIL FROM (GreenMail writes it as Return-Path). */
    void deliver(MimeMessage mail, String envelopeFrom) throws MessagingException {
        MimeMessage copy = new MimeMessage(smtpSession(envelopeFrom), toStream(mail)) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", mail.getMessageID());
            }
        };
        Transport.send(copy, new Address[] {new InternetAddress(MAILBOX)});
    }

    void deliver(MimeMessage mail) throws MessagingException {
        mail.saveChanges();
        deliver(mail, ((InternetAddress) mail.getFrom()[0]).getAddress());
    }

    /** The mails in a folder of Switchboard's mailbox (none when it does not exist), read without changing flags. */
    List<Filed> folder(String name) throws MessagingException {
        Store store = Session.getInstance(new Properties()).getStore("imap");
        store.connect(host(), greenMail.getImap().getPort(), LOGIN, PASSWORD);
        try {
            Folder folder = store.getFolder(name);
            List<Filed> filed = new ArrayList<>();
            if (!folder.exists()) {
                return filed;
            }
            folder.open(Folder.READ_ONLY);
            for (Message m : folder.getMessages()) {
                if (!m.isSet(Flags.Flag.DELETED)) {
                    filed.add(new Filed(m.getHeader("Message-ID")[0], m.getSubject(), m.isSet(Flags.Flag.SEEN)));
                }
            }
            folder.close(false);
            return filed;
        } finally {
            store.close();
        }
    }

    /** The mail in {@code folder} with this Message-ID, or {@code null}. */
    Filed find(String folder, MimeMessage mail) throws MessagingException {
        String id = mail.getMessageID();
        return folder(folder).stream().filter(f -> f.messageId().equals(id)).findFirst().orElse(null);
    }

    /** Mails GreenMail received for {@code address} (replies land there). */
    List<MimeMessage> receivedBy(String address) throws MessagingException {
        List<MimeMessage> out = new ArrayList<>();
        for (MimeMessage m : greenMail.getReceivedMessages()) {
            Address[] to = m.getRecipients(Message.RecipientType.TO);
            if (to != null && ((InternetAddress) to[0]).getAddress().equalsIgnoreCase(address)) {
                out.add(m);
            }
        }
        return out;
    }

    /** SMS bodies the sandbox was asked to send to {@code to}. */
    static List<String> smsTo(RunningSwitchboard sb, String to) {
        return sb.sandbox().createdParams().stream().filter(p -> to.equals(p.get("To"))).map(p -> p.get("Body")).toList();
    }

    private Session smtpSession(String envelopeFrom) {
        Properties props = new Properties();
        props.put("mail.smtp.host", host());
        props.put("mail.smtp.port", String.valueOf(greenMail.getSmtp().getPort()));
        props.put("mail.smtp.from", envelopeFrom);
        return Session.getInstance(props);
    }

    private String host() {
        return greenMail.getImap().getServerSetup().getBindAddress();
    }

    private static InputStream toStream(MimeMessage mail) throws MessagingException {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            mail.writeTo(out);
            return new ByteArrayInputStream(out.toByteArray());
        } catch (IOException e) {
            throw new MessagingException("cannot copy the mail", e);
        }
    }
}
