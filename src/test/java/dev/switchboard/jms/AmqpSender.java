package dev.switchboard.jms;

import dev.switchboard.testing.RunningSwitchboard;

import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.engine.BaseHandler;
import org.apache.qpid.proton.engine.Connection;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Event;
import org.apache.qpid.proton.engine.Sasl;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.engine.Session;
import org.apache.qpid.proton.message.Message;
import org.apache.qpid.proton.reactor.Reactor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Sends one AMQP 1.0 message with Proton-J's reactor (which the broker's AMQP module already brings),
 * as a client in any language would: SASL PLAIN (or ANONYMOUS), one sender link, wait for the broker's disposition.
 */
final class AmqpSender extends BaseHandler {

    private final int port;
    private final String user;
    private final String password;
    private final String address;
    private final String json;
    private final Map<String, Object> properties;
    private boolean sent;
    private DeliveryState outcome;

    private AmqpSender(int port, String user, String password, String address, String json, Map<String, Object> properties) {
        this.port = port;
        this.user = user;
        this.password = password;
        this.address = address;
        this.json = json;
        this.properties = properties;
    }

    /** Returns once the broker has accepted the message; fails otherwise. */
    static void send(int port, String address, String json, Map<String, Object> properties) {
        send(port, RunningSwitchboard.JMS_USER, RunningSwitchboard.JMS_PASSWORD, address, json, properties);
    }

    /** As a client logging in as {@code user} with SASL PLAIN (null: SASL ANONYMOUS). */
    static void send(int port, String user, String password, String address, String json, Map<String, Object> properties) {
        AmqpSender handler = new AmqpSender(port, user, password, address, json, properties);
        try {
            Reactor reactor = Proton.reactor(handler);
            reactor.setTimeout(10_000);
            reactor.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!(handler.outcome instanceof Accepted)) {
            throw new IllegalStateException("the broker did not accept the AMQP message: " + handler.outcome);
        }
    }

    @Override
    public void onReactorInit(Event event) {
        event.getReactor().connectionToHost("127.0.0.1", port, this);
    }

    @Override
    public void onConnectionInit(Event event) {
        Connection connection = event.getConnection();
        connection.setHostname("localhost");
        connection.setContainer("switchboard-amqp-test");
        connection.open();
        Session session = connection.session();
        session.open();
        Sender sender = session.sender("requests");
        Target target = new Target();
        target.setAddress(address);
        sender.setTarget(target);
        sender.setSource(new Source());
        sender.open();
    }

    @Override
    public void onConnectionBound(Event event) {
        Sasl sasl = event.getTransport().sasl();
        sasl.client();
        if (user == null) {
            sasl.setMechanisms("ANONYMOUS");
        } else {
            sasl.plain(user, password);
        }
    }

    @Override
    public void onLinkFlow(Event event) {
        Sender sender = (Sender) event.getLink();
        if (sent || sender.getCredit() <= 0) {
            return;
        }
        Message message = Proton.message();
        message.setDurable(true);
        message.setBody(new AmqpValue(json));
        message.setApplicationProperties(new ApplicationProperties(new HashMap<>(properties)));
        byte[] buffer = new byte[64 * 1024];
        int length = message.encode(buffer, 0, buffer.length);
        sender.delivery(new byte[] {1});
        sender.send(buffer, 0, length);
        sender.advance();
        sent = true;
    }

    @Override
    public void onDelivery(Event event) {
        Delivery delivery = event.getDelivery();
        if (delivery.getRemoteState() != null) {
            outcome = delivery.getRemoteState();
            delivery.settle();
            event.getConnection().close();
        }
    }

    @Override
    public void onConnectionRemoteClose(Event event) {
        event.getConnection().close();
    }

    @Override
    public void onTransportError(Event event) {
        event.getConnection().close();
    }
}
