package dev.switchboard.jms;

import dev.switchboard.domain.InvalidRequestException;
import dev.switchboard.store.StoreException;
import dev.switchboard.submit.IdempotencyConflict;
import org.apache.activemq.artemis.api.core.ActiveMQBuffer;
import org.apache.activemq.artemis.jms.client.ActiveMQMessage;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a failed JMS request means: database trouble rolls back (the broker redelivers it later), and
 * anything else (bad JSON, an invalid field, a reused key, a defect) goes to the dead-letter queue with its reason.
 */
public final class JmsFailures {

    static final String ERROR_CODE = "SwitchboardErrorCode";
    static final String ERROR_MESSAGE = "SwitchboardErrorMessage";
    static final String ERROR_FIELD = "SwitchboardErrorField";
    static final String ORIGINAL_MESSAGE_ID = "SwitchboardOriginalMessageId";
    static final String ORIGINAL_TYPE = "SwitchboardOriginalType";

    private static final Logger LOG = LoggerFactory.getLogger(JmsFailures.class);

    /** Why a request was refused, as the API would say it. */
    record Refusal(String code, String field, String message) {

        static Refusal of(Throwable e) {
            if (e instanceof InvalidRequestException bad) {
                return new Refusal(bad.code(), bad.field(), bad.getMessage());
            }
            if (e instanceof IdempotencyConflict conflict) {
                return new Refusal("idempotency_key_reused", JmsRequests.IDEMPOTENCY_KEY, conflict.getMessage());
            }
            return new Refusal("internal_error", null, "internal error; nothing was stored");
        }
    }

    private final String deadLetterQueue;

    public JmsFailures(String deadLetterQueue) {
        this.deadLetterQueue = deadLetterQueue;
    }

    /** Any database failure, not only "unreachable": the request itself is fine, so it must not be refused. */
    public boolean databaseTrouble(Exchange exchange) {
        for (Throwable t = caught(exchange); t != null; t = t.getCause()) {
            if (t instanceof StoreException) {
                return true;
            }
        }
        return false;
    }

    public void retryLater(Exchange exchange) {
        LOG.warn("JMS request {} rolled back, the broker redelivers it later (delivery {}): database trouble: {}",
                exchange.getMessage().getHeader("JMSMessageID"), exchange.getMessage().getHeader("JMSXDeliveryCount"),
                caught(exchange).getMessage());
    }

    /** Logs the refusal and marks the original message with it, for the dead-letter queue. */
    public void deadLetter(Exchange exchange) {
        Throwable e = caught(exchange);
        Refusal refusal = Refusal.of(e);
        Message msg = exchange.getMessage();
        msg.removeHeaders("Camel*");
        Object messageId = msg.getHeader("JMSMessageID");
        if ("internal_error".equals(refusal.code())) {
            LOG.error("JMS request {} failed unexpectedly; moving it to {}", messageId, deadLetterQueue, e);
        } else {
            LOG.warn("JMS request {} refused ({}{}): {}; moving it to {}", messageId, refusal.code(),
                    refusal.field() == null ? "" : ", field " + refusal.field(), refusal.message(), deadLetterQueue);
        }
        mark(msg, refusal);
        if (messageId != null) {
            msg.setHeader(ORIGINAL_MESSAGE_ID, messageId.toString());
        }
        jakarta.jms.Message object = exchange.getProperty(JmsRequests.REFUSED_OBJECT_MESSAGE, jakarta.jms.Message.class);
        if (object != null) {
            // Kept as it came, as bytes: the serialized form is never turned back into an object.
            msg.setBody(serializedForm(object));
            msg.setHeader(ORIGINAL_TYPE, "ObjectMessage");
        }
    }

    /** The Java-serialized bytes an Artemis ObjectMessage carries (its body: a length, then the bytes), unread. */
    private static byte[] serializedForm(jakarta.jms.Message m) {
        if (m instanceof ActiveMQMessage artemis) {
            ActiveMQBuffer body = artemis.getCoreMessage().getDataBuffer();
            if (body.readableBytes() >= 4) {
                int length = body.readInt();
                if (length >= 0 && length <= body.readableBytes()) {
                    byte[] bytes = new byte[length];
                    body.readBytes(bytes);
                    return bytes;
                }
            }
        }
        return new byte[0];
    }

    /** The reply to a refused request: the API's error body, with the error properties. */
    public void errorReply(Exchange exchange) {
        Refusal refusal = Refusal.of(caught(exchange));
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", refusal.code());
        error.put("message", refusal.message());
        error.put("field", refusal.field());
        Message msg = exchange.getMessage();
        JmsRequests.reply(msg, Map.of("error", error));
        mark(msg, refusal);
    }

    private static void mark(Message msg, Refusal refusal) {
        msg.setHeader(ERROR_CODE, refusal.code());
        msg.setHeader(ERROR_MESSAGE, refusal.message());
        if (refusal.field() != null) {
            msg.setHeader(ERROR_FIELD, refusal.field());
        }
    }

    private static Throwable caught(Exchange exchange) {
        Throwable e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        return e != null ? e : exchange.getException();
    }
}
