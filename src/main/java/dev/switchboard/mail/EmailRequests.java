package dev.switchboard.mail;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.domain.InvalidRequestException;
import dev.switchboard.domain.MessageRequest;
import dev.switchboard.domain.RequestJson;
import dev.switchboard.submit.IdempotencyConflict;
import dev.switchboard.submit.SubmitResult;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import org.apache.camel.Exchange;
import org.apache.camel.component.mail.MailMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;

/**
 * The steps of route {@code email-requests}: read a mail's headers, screen its senders, turn it into a canonical
 * request, and log each outcome (processed, rejected, failed, left for the next poll).
 */
public final class EmailRequests {

    /** Exchange property: the {@link jakarta.mail.Message} being handled. */
    static final String MAIL = "switchboard.mail.message";
    /** Exchange property: its {@link MailHeaders}, once read. */
    static final String HEADERS = "switchboard.mail.headers";
    /** Exchange property: true once both senders passed the allow-list (only those are ever answered). */
    static final String SCREENED = "switchboard.mail.screened";
    /** Exchange property: why the mail went to the failed folder, in words for its sender. */
    static final String REASON = "switchboard.mail.reason";

    private static final Logger LOG = LoggerFactory.getLogger(EmailRequests.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY_PREFIX = "email:";
    private static final int MAX_KEY = 255;

    private final AllowedSenders senders;
    private final Clock clock;
    private final long maxBytes;

    public EmailRequests(AllowedSenders senders, Clock clock) {
        this(senders, clock, DEFAULT_MAX_BYTES);
    }

    /** @param maxBytes larger mails (their size as the server reports it) are refused before they are read */
    public EmailRequests(AllowedSenders senders, Clock clock, long maxBytes) {
        this.senders = senders;
        this.clock = clock;
        this.maxBytes = maxBytes;
    }

    static final long DEFAULT_MAX_BYTES = 1L << 20;

    public void read(Exchange exchange) throws MessagingException {
        MailMessage in = exchange.getIn(MailMessage.class);
        if (in == null || in.getOriginalMessage() == null) {
            throw new IllegalStateException("route email-requests must start from a mail endpoint");
        }
        Message mail = in.getOriginalMessage();
        exchange.setProperty(MAIL, mail);
        exchange.setProperty(HEADERS, MailHeaders.read(mail));
    }

    /** Lets the mail through only when its envelope sender and its From address are both allowed. */
    public void screen(Exchange exchange) {
        String refusal = senders.refusal(headers(exchange));
        if (refusal != null) {
            throw new SenderNotAllowed(refusal);
        }
        exchange.setProperty(SCREENED, true);
    }

    /** The canonical request: recipient from To or subject, body from the mail's own text, key from its Message-ID. */
    public MessageRequest toRequest(Exchange exchange) throws MessagingException, IOException {
        MailHeaders mail = headers(exchange);
        int size = exchange.getProperty(MAIL, Message.class).getSize();
        if (size > maxBytes) {
            throw InvalidRequestException.unprocessable("mail_too_large", null,
                    "the mail is " + size + " bytes; the limit is " + maxBytes + " (switchboard.mail.max-bytes)");
        }
        String to = MailRecipient.of(mail.to(), mail.subject());
        String text = ReplyTrimmer.trim(MailText.of(exchange.getProperty(MAIL, Message.class)));
        if (text.isBlank()) {
            throw InvalidRequestException.unprocessable("empty_body", "body",
                    "the mail has no text to send (quoted replies and the signature are left out)");
        }
        ObjectNode json = JSON.createObjectNode().put("to", to).put("body", text);
        return RequestJson.parse(json, idempotencyKey(mail, text), "email", clock);
    }

    public void processed(Exchange exchange) {
        SubmitResult result = exchange.getMessage().getBody(SubmitResult.class);
        MailHeaders mail = headers(exchange);
        if (result.replayed()) {
            LOG.info("Email {} was already submitted as message {}: not sent again", mail.idForLog(), result.id());
        } else {
            LOG.info("Email {} from {} submitted as message {} ({})", mail.idForLog(),
                    MailHeaders.forLog(mail.returnPath()), result.id(), result.status());
        }
    }

    public void rejected(Exchange exchange) {
        LOG.warn("Email {} rejected, moved unread to the rejected folder: {}", idForLog(exchange),
                caught(exchange).getMessage());
    }

    public void failed(Exchange exchange) {
        Exception e = caught(exchange);
        String reason;
        if (e instanceof InvalidRequestException) {
            reason = e.getMessage();
        } else if (e instanceof IdempotencyConflict) {
            reason = "its Message-ID was already used by a different mail";
        } else {
            reason = "the mail could not be read (" + e.getClass().getSimpleName() + ")";
            LOG.error("Email {} could not be read", idForLog(exchange), e);
        }
        exchange.setProperty(REASON, reason);
        LOG.warn("Email {} not sent, moved to the failed folder: {}", idForLog(exchange), reason);
    }

    public void retryLater(Exchange exchange) {
        LOG.warn("Email {} left unseen in the mailbox for the next poll: {}", idForLog(exchange),
                caught(exchange).getMessage());
    }

    /**
     * {@code email:<Message-ID>}, so the same mail delivered twice is one request; a Message-ID too long for the
     * key column is hashed, and a mail without one is keyed by a hash of its senders, date, subject and text.
     */
    static String idempotencyKey(MailHeaders mail, String text) {
        String id = mail.messageId() == null ? "" : mail.messageId().strip();
        if (!id.isEmpty() && KEY_PREFIX.length() + id.length() <= MAX_KEY) {
            return KEY_PREFIX + id;
        }
        String basis = !id.isEmpty() ? id : String.join("\n", String.join(",", mail.from()), mail.date(),
                mail.subject(), String.join(",", mail.to()), text);
        return KEY_PREFIX + "sha256:" + HexFormat.of().formatHex(sha256(basis));
    }

    private static MailHeaders headers(Exchange exchange) {
        return exchange.getProperty(HEADERS, MailHeaders.class);
    }

    private static String idForLog(Exchange exchange) {
        MailHeaders mail = headers(exchange);
        return mail == null ? "<unread>" : mail.idForLog();
    }

    private static Exception caught(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        return e != null ? e : new IllegalStateException("no exception recorded");
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
