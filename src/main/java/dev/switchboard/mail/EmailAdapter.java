package dev.switchboard.mail;

import dev.switchboard.settings.Settings;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import org.apache.camel.CamelContext;
import org.apache.camel.Ordered;
import org.apache.camel.component.mail.MailComponent;
import org.apache.camel.component.mail.MailConfiguration;
import org.apache.camel.component.mail.MailEndpoint;
import org.apache.camel.spi.PropertiesSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Optional;
import java.util.Set;

/**
 * Wires the email adapter (route file {@code routes/email-requests.camel.yaml}) from the settings: the IMAP inbox
 * endpoint {@code emailInbox}, built here so the mailbox password never appears in a URI, and the beans
 * {@code emailRequests} and {@code emailReplies}. Without {@code SWITCHBOARD_MAIL_URL} nothing is bound and the
 * route's precondition {@code switchboard.mail.enabled} is false, so the route is not even created.
 */
public final class EmailAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(EmailAdapter.class);
    private static final String ENABLED = "switchboard.mail.enabled";

    private EmailAdapter() {
    }

    public static void bind(CamelContext context, Settings settings, Clock clock) {
        Optional<String> url = settings.get("switchboard.mail.url");
        boolean enabled = settings.getBoolean(ENABLED, url.isPresent());
        context.getPropertiesComponent().addPropertiesSource(new Derived(url.isPresent()));
        if (!enabled) {
            LOG.info(url.isPresent() ? "Email adapter paused (SWITCHBOARD_MAIL_ENABLED=false)"
                    : "Email adapter off: SWITCHBOARD_MAIL_URL is not set");
            return;
        }
        MailUrl inbox = MailUrl.parse("switchboard.mail.url", url.orElseThrow(() -> new IllegalStateException(
                "SWITCHBOARD_MAIL_ENABLED=true needs SWITCHBOARD_MAIL_URL (the IMAP mailbox to poll)")), Set.of("imap", "imaps"));
        AllowedSenders senders = AllowedSenders.parse(settings.get("switchboard.mail.allowed-senders", ""));
        MailReplies replies = replies(settings);
        long pollMs = settings.getLong("switchboard.mail.poll-ms", 10_000);

        context.getRegistry().bind("emailInbox", inbox(context, inbox, settings, pollMs));
        context.getRegistry().bind("emailRequests", new EmailRequests(senders, clock,
                settings.getLong("switchboard.mail.max-bytes", EmailRequests.DEFAULT_MAX_BYTES)));
        context.getRegistry().bind("emailReplies", replies);
        LOG.info("Email adapter: polling {} every {} ms; {} allowed sender entries; replies to failed mails {}",
                inbox, pollMs, senders.size(), replies.enabled() ? "on" : "off (SWITCHBOARD_SMTP_URL or SWITCHBOARD_MAIL_FROM unset)");
        if (senders.isEmpty()) {
            LOG.warn("SWITCHBOARD_MAIL_ALLOWED_SENDERS is empty: every mail will be rejected");
        }
    }

    /** The consumer of the mailbox: unseen mails only, read without marking them seen until the route commits. */
    private static MailEndpoint inbox(CamelContext context, MailUrl url, Settings settings, long pollMs) {
        MailComponent component = context.getComponent(url.protocol(), MailComponent.class);
        MailConfiguration config = component.getConfiguration().copy();
        config.configureProtocol(url.protocol());
        config.setHost(url.host());
        config.setPort(url.port());
        config.setUsername(url.user());
        config.setPassword(url.password());
        config.setFolderName(url.path());
        config.setUnseen(true);
        config.setPeek(true);
        config.setDelete(false);
        config.setMapMailMessage(false);
        config.setCloseFolder(true); // expunges the mails moved away after each poll
        config.setConnectionTimeout(settings.getInt("switchboard.mail.timeout-ms", 30_000));
        if (!url.secure()) {
            config.getAdditionalJavaMailProperties().put("mail.imap.starttls.enable", "true");
        }
        // The URI is only a label (the route shows ref:emailInbox): no credentials in it.
        MailEndpoint endpoint = new MailEndpoint(url.protocol() + "://" + url.host() + ":" + url.port()
                + "?folderName=" + url.path(), component, config);
        endpoint.setDelay(pollMs);
        endpoint.setInitialDelay(Math.min(pollMs, 1_000));
        endpoint.setMaxMessagesPerPoll(settings.getInt("switchboard.mail.max-per-poll", 100));
        return endpoint;
    }

    private static MailReplies replies(Settings settings) {
        Optional<String> smtp = settings.get("switchboard.smtp.url");
        Optional<String> from = settings.get("switchboard.mail.from");
        if (smtp.isEmpty() || from.isEmpty()) {
            return new MailReplies(null, null);
        }
        try {
            return new MailReplies(MailUrl.parse("switchboard.smtp.url", smtp.get(), Set.of("smtp", "smtps")),
                    new InternetAddress(from.get(), true));
        } catch (AddressException e) {
            throw new IllegalStateException("setting 'switchboard.mail.from' (SWITCHBOARD_MAIL_FROM) is not a mail address", e);
        }
    }

    /** Answers {@code switchboard.mail.enabled} when it is not set: true exactly when a mailbox URL is. */
    private record Derived(boolean urlSet) implements PropertiesSource, Ordered {

        @Override
        public String getName() {
            return "switchboard-mail-derived";
        }

        @Override
        public String getProperty(String name) {
            return ENABLED.equals(name) ? String.valueOf(urlSet) : null;
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST;
        }
    }
}
