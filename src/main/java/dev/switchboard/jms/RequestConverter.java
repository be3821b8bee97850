package dev.switchboard.jms;

import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.springframework.jms.support.converter.MessageConversionException;
import org.springframework.jms.support.converter.MessageConverter;

/**
 * How the requests queue's messages become bodies (the {@code messageConverter} of routes/jms-requests.camel.yaml):
 * a TextMessage its text, a BytesMessage its bytes, anything else nothing. An ObjectMessage is never deserialized,
 * not even by Camel's copy of the message: {@link JmsRequests} refuses it and {@link JmsFailures} dead-letters its
 * serialized bytes. Replies (JMSReplyTo) are written as text.
 */
public final class RequestConverter implements MessageConverter {

    @Override
    public Object fromMessage(Message message) throws JMSException {
        if (message instanceof TextMessage text) {
            return text.getText();
        }
        if (message instanceof BytesMessage bytes) {
            byte[] body = new byte[(int) bytes.getBodyLength()]; // at most the broker's message size limit
            bytes.readBytes(body);
            return body;
        }
        return null;
    }

    @Override
    public Message toMessage(Object body, Session session) throws JMSException {
        if (body instanceof String text) {
            return session.createTextMessage(text);
        }
        if (body instanceof byte[] bytes) {
            BytesMessage message = session.createBytesMessage();
            message.writeBytes(bytes);
            return message;
        }
        throw new MessageConversionException("a reply is text or bytes, not " + (body == null ? "nothing" : body.getClass()));
    }
}
