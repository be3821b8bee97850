package dev.switchboard.jms;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.domain.InvalidRequestException;
import dev.switchboard.domain.MessageRequest;
import dev.switchboard.domain.RequestJson;
import dev.switchboard.security.SafeJson;
import dev.switchboard.submit.SubmitResult;
import jakarta.jms.ObjectMessage;
import org.apache.camel.Exchange;
import org.apache.camel.component.jms.JmsMessage;
import org.apache.camel.Message;

import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Maps a message of the JMS requests queue (the API's JSON request) to the canonical request, and the
 * front door's answer to the reply a sender asks for with {@code JMSReplyTo}.
 */
public final class JmsRequests {

    /** The idempotency key property, named as the HTTP header is. */
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /** The same as a valid JMS identifier: strict clients (Qpid JMS) refuse '-' in property names. */
    static final String IDEMPOTENCY_KEY_ALIAS = "IdempotencyKey";
    static final int MAX_BODY_BYTES = 64 * 1024;
    /** The exchange property holding a refused ObjectMessage as received (Camel's copy of the message is not one). */
    static final String REFUSED_OBJECT_MESSAGE = "switchboard.jms.refusedObjectMessage";
    private static final int MAX_KEY_LENGTH = 255;

    static final ObjectMapper JSON = new ObjectMapper();

    private final Clock clock;

    public JmsRequests(Clock clock) {
        this.clock = clock;
    }

    /** The canonical request, keyed by the Idempotency-Key property, else the JMSMessageID (stable across redeliveries). */
    public MessageRequest toRequest(Exchange exchange) {
        Message in = exchange.getMessage();
        if (isObjectMessage(in)) {
            exchange.setProperty(REFUSED_OBJECT_MESSAGE, ((JmsMessage) in).getJmsMessage()); // its bytes, for the DLQ
            throw InvalidRequestException.badRequest("unsupported_message_type", null, "an ObjectMessage is refused"
                    + " and never deserialized: send the JSON request as a TextMessage or BytesMessage");
        }
        return RequestJson.parse(readJson(in.getBody(byte[].class)), idempotencyKey(in), "jms", clock);
    }

    /** A Java-serialized body: read by nobody (the connection factory's deserialization deny-list is "*"). */
    static boolean isObjectMessage(Message in) {
        return in instanceof JmsMessage jms && jms.getJmsMessage() instanceof ObjectMessage;
    }

    static JsonNode readJson(byte[] body) {
        if (body == null || body.length == 0) {
            throw InvalidRequestException.badRequest("invalid_json", null, "message body is empty: send a JSON object");
        }
        if (body.length > MAX_BODY_BYTES) {
            throw InvalidRequestException.badRequest("payload_too_large", null,
                    "message body is " + body.length + " bytes; the limit is " + MAX_BODY_BYTES);
        }
        try {
            return SafeJson.read(body);
        } catch (JsonProcessingException e) {
            throw InvalidRequestException.badRequest("invalid_json", null,
                    "message body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw InvalidRequestException.badRequest("invalid_json", null, "message body could not be read");
        }
    }

    static String idempotencyKey(Message in) {
        String key = in.getHeader(IDEMPOTENCY_KEY, String.class);
        if (key == null || key.isBlank()) {
            key = in.getHeader(IDEMPOTENCY_KEY_ALIAS, String.class);
        }
        if (key == null || key.isBlank()) {
            return in.getHeader("JMSMessageID", String.class);
        }
        if (key.length() > MAX_KEY_LENGTH || !key.chars().allMatch(ch -> ch >= 0x21 && ch <= 0x7e)) {
            throw InvalidRequestException.badRequest("invalid_idempotency_key", IDEMPOTENCY_KEY,
                    "Idempotency-Key must be 1-" + MAX_KEY_LENGTH + " printable ASCII characters without spaces");
        }
        return key;
    }

    /** The reply: the API's 202 body; {@code IdempotentReplayed} says it answers an earlier identical request. */
    public void accepted(Exchange exchange) {
        Message msg = exchange.getMessage();
        SubmitResult result = msg.getBody(SubmitResult.class);
        Map<String, Object> json = result.answer();
        reply(msg, json);
        if (result.replayed()) {
            msg.setHeader("IdempotentReplayed", "true");
        }
    }

    /** Replaces the body with {@code json} and drops every header, so nothing of the request leaks into the reply. */
    static void reply(Message msg, Object json) {
        msg.removeHeaders("*");
        try {
            msg.setBody(JSON.writeValueAsString(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("replies are maps of plain values", e);
        }
    }
}
