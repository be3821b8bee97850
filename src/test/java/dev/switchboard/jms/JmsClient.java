package dev.switchboard.jms;

import dev.switchboard.testing.RunningSwitchboard;
import jakarta.jms.Connection;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

import java.time.Duration;
import java.util.Map;

/** A plain JMS client on a running Switchboard's embedded broker, as an outside system would use it. */
final class JmsClient implements AutoCloseable {

    private final Connection connection;
    private final Session session;

    JmsClient(RunningSwitchboard sb) {
        this(port(sb));
    }

    JmsClient(int port) {
        this(port, RunningSwitchboard.JMS_USER, RunningSwitchboard.JMS_PASSWORD);
    }

    /** As a client logging in as {@code user} (null: anonymously). */
    JmsClient(int port, String user, String password) {
        try {
            connection = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + port, user, password).createConnection();
            connection.start();
            session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    static int port(RunningSwitchboard sb) {
        return Integer.parseInt(sb.context().resolvePropertyPlaceholders("{{switchboard.jms.embedded-port}}"));
    }

    Session session() {
        return session;
    }

    /** Sends a text message with string properties; returns its JMSMessageID. */
    String send(String queue, String body, Map<String, String> properties) {
        return send(queue, body, properties, null, null);
    }

    String send(String queue, String body, Map<String, String> properties, Destination replyTo, String correlationId) {
        try {
            TextMessage m = session.createTextMessage(body);
            for (Map.Entry<String, String> p : properties.entrySet()) {
                m.setStringProperty(p.getKey(), p.getValue());
            }
            m.setJMSReplyTo(replyTo);
            m.setJMSCorrelationID(correlationId);
            session.createProducer(session.createQueue(queue)).send(m);
            return m.getJMSMessageID();
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The next message on {@code destination}, or null after {@code wait}. */
    Message receive(Destination destination, Duration wait) {
        try (MessageConsumer consumer = session.createConsumer(destination)) {
            return consumer.receive(wait.toMillis());
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    Message receive(String queue, Duration wait) {
        try {
            return receive(session.createQueue(queue), wait);
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    MessageConsumer subscribe(String topic) {
        try {
            return session.createConsumer(session.createTopic(topic));
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    Destination temporaryQueue() {
        try {
            return session.createTemporaryQueue();
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Messages the broker still holds on a queue: waiting, being delivered, or scheduled for redelivery. */
    static long onQueue(RunningSwitchboard sb, String queue) {
        Queue q = broker(sb).locateQueue(SimpleString.of(queue));
        return q == null ? 0 : q.getMessageCount();
    }

    /** Messages rolled back and waiting for their redelivery delay. */
    static long awaitingRedelivery(RunningSwitchboard sb, String queue) {
        Queue q = broker(sb).locateQueue(SimpleString.of(queue));
        return q == null ? 0 : q.getScheduledCount();
    }

    private static ActiveMQServer broker(RunningSwitchboard sb) {
        return sb.context().getRegistry().lookupByNameAndType("jmsBroker", ActiveMQServer.class);
    }

    static String text(Message m) {
        try {
            return ((TextMessage) m).getText();
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    static String property(Message m, String name) {
        try {
            return m.getStringProperty(name);
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }
}
