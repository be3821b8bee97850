package dev.switchboard.jms;

import dev.switchboard.settings.Settings;
import dev.switchboard.observe.BrokerHealthCheck;
import dev.switchboard.security.Secrets;
import jakarta.jms.ConnectionFactory;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jms.connection.CachingConnectionFactory;
import org.springframework.jms.connection.JmsTransactionManager;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;

/**
 * Wires the JMS adapter (broker, connection factory, and the beans of {@code routes/jms-requests.camel.yaml}
 * and {@code routes/events-out.camel.yaml}) and, as a service, stops it after the routes, the broker last.
 */
public final class JmsAdapter extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(JmsAdapter.class);

    private final CachingConnectionFactory connections;
    private final EmbeddedBroker broker;

    private JmsAdapter(CachingConnectionFactory connections, EmbeddedBroker broker) {
        this.connections = connections;
        this.broker = broker;
    }

    /** Starts the embedded broker unless an external one is configured, and binds the adapter's beans. */
    public static void bind(CamelContext context, Settings settings, DataSource dataSource, Clock clock)
            throws Exception {
        String queue = settings.get("switchboard.jms.queue", "switchboard.requests");
        EmbeddedBroker broker = null;
        ActiveMQConnectionFactory artemis;
        String external = settings.get("switchboard.jms.url").orElse(null);
        if (external != null) {
            artemis = new ActiveMQConnectionFactory(external,
                    settings.get("switchboard.jms.user", null), settings.get("switchboard.jms.password", null));
            LOG.info("JMS: external broker at {}", redact(external));
        } else {
            broker = EmbeddedBroker.start(settings.dataDir().resolve("artemis"),
                    settings.getInt("switchboard.jms.embedded-port", 61616),
                    new EmbeddedBroker.Addresses(queue, settings.get("switchboard.jms.dlq", "switchboard.requests.DLQ"),
                            settings.get("switchboard.jms.events-topic", "switchboard.events"),
                            settings.get("switchboard.jms.inbound-topic", "switchboard.inbound")),
                    settings.getMillis("switchboard.jms.redelivery-delay-ms", 5_000), clientAccount(settings),
                    settings.getLong("switchboard.jms.embedded-max-message-bytes", 262_144));
            artemis = broker.connectionFactory();
        }
        // An ObjectMessage is never deserialized (JmsRequests refuses it before reading its body).
        artemis.setDeserializationDenyList("*");
        CachingConnectionFactory connections = new CachingConnectionFactory(artemis);
        // Consumers keep their own sessions (cacheLevel CACHE_CONSUMER); the cache serves producers and replies.
        connections.setSessionCacheSize(settings.getInt("switchboard.jms.concurrency", 4) + 4);
        connections.setCacheConsumers(false);
        JmsAdapter adapter = new JmsAdapter(connections, broker);
        context.addService(adapter);

        Registry registry = context.getRegistry();
        registry.bind("jmsConnectionFactory", ConnectionFactory.class, connections);
        context.getComponent("jms", JmsComponent.class).setConnectionFactory(connections);
        if (broker != null) {
            registry.bind("jmsBroker", broker.server());
        }
        registry.bind("brokerHealthCheck", new BrokerHealthCheck(artemis, broker != null ? "embedded" : "external"));
        registry.bind("jmsRequests", new JmsRequests(clock));
        registry.bind("jmsRequestConverter", new RequestConverter());
        registry.bind("jmsFailures", new JmsFailures(settings.get("switchboard.jms.dlq", "switchboard.requests.DLQ")));
        int batch = settings.getInt("switchboard.jms.publish-batch", 100);
        Duration grace = settings.getMillis("switchboard.jms.publish-gap-ms", 10_000);
        JmsTransactionManager feedTransactions = new JmsTransactionManager(connections);
        registry.bind("statusEventFeed", new OutboxFeed(dataSource, new StatusEventSource(), new GapGuard(grace, clock),
                batch, feedTransactions));
        registry.bind("inboundMessageFeed", new OutboxFeed(dataSource, new InboundMessageSource(),
                new GapGuard(grace, clock), batch, feedTransactions));
    }

    /** The clients' account on the embedded broker: the password from the environment, else generated once. */
    private static BrokerSecurity clientAccount(Settings settings) {
        String password = settings.get("switchboard.jms.embedded-password", null);
        byte[] hash = password != null && !password.isBlank() ? Secrets.sha256(password)
                : Secrets.storedOrGenerated(settings.dataDir().resolve("jms-password"), "sbj_",
                        "password of the embedded broker's client user", "SWITCHBOARD_JMS_EMBEDDED_PASSWORD");
        return new BrokerSecurity(settings.get("switchboard.jms.embedded-user", "switchboard"), hash);
    }

    @Override
    protected void doStop() {
        connections.destroy();
        if (broker != null) {
            broker.close();
        }
    }

    /** Broker URLs may carry credentials as parameters; never log them. */
    static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }
}
