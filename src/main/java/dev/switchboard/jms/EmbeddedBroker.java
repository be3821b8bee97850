package dev.switchboard.jms;

import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.CoreAddressConfiguration;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.ActiveMQServers;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;

/** The ActiveMQ Artemis broker Switchboard runs inside itself when no external broker is configured. */
final class EmbeddedBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);

    /** The broker's addresses: {@code requests} and its {@code deadLetters} (queues), {@code events} and {@code inbound} (topics). */
    record Addresses(String requests, String deadLetters, String events, String inbound) {
    }

    private final ActiveMQServer server;
    private final int port;
    private final String internalPassword;

    private EmbeddedBroker(ActiveMQServer server, int port, String internalPassword) {
        this.server = server;
        this.port = port;
        this.internalPassword = internalPassword;
    }

    /**
     * Starts a persistent broker on {@code 127.0.0.1:port}: one acceptor for CORE, AMQP and STOMP, the
     * journal under {@code dir}, and a redelivery delay on the requests queue so a rolled-back request
     * (database down) waits before it is tried again instead of spinning; it never goes to a dead letter. Security on
     * ({@link BrokerSecurity}: {@code security} checks the clients' account), the addresses made at start, and no
     * message over {@code maxMessageBytes}.
     */
    static EmbeddedBroker start(Path dir, int port, Addresses addresses, Duration redeliveryDelay,
                                BrokerSecurity security, long maxMessageBytes) {
        String requestsQueue = addresses.requests();
        try {
            Configuration config = new ConfigurationImpl()
                    .setName("switchboard")
                    .setPersistenceEnabled(true)
                    .setJournalType(JournalType.NIO) // no libaio needed
                    .setJournalDirectory(dir.resolve("journal").toString())
                    .setBindingsDirectory(dir.resolve("bindings").toString())
                    .setPagingDirectory(dir.resolve("paging").toString())
                    .setLargeMessagesDirectory(dir.resolve("large-messages").toString())
                    // Loopback only; an outside system on another host uses an external broker.
                    .setJMXManagementEnabled(false)
                    // Duplicate detection (the feeds' _AMQ_DUPL_ID) in memory: persisting the id cache wrote a
                    // journal record per published event. After a broker restart a republished event can arrive
                    // twice; consumers dedupe by eventId (README, JMS).
                    .setPersistIDCache(false)
                    .addAcceptorConfiguration("switchboard", "tcp://127.0.0.1:" + port + "?protocols=CORE,AMQP,STOMP")
                    // Switchboard's own client: in-VM, no sockets or wire encoding (half the events feed's broker
                    // CPU went to Netty over TCP). Named after the port, unique per broker in this JVM.
                    .addAcceptorConfiguration("in-vm", inVmUrl(port));
            // As Artemis's own broker.xml: dead letters and expired messages of other queues are kept, not dropped.
            config.addAddressSetting("#", new AddressSettings()
                    .setDeadLetterAddress(SimpleString.of("DLQ"))
                    .setExpiryAddress(SimpleString.of("ExpiryQueue"))
                    .setAutoCreateDeadLetterResources(true)
                    .setAutoCreateExpiryResources(true));
            config.addAddressSetting(requestsQueue, new AddressSettings()
                    .setMaxDeliveryAttempts(-1)
                    .setRedeliveryDelay(redeliveryDelay.toMillis())
                    .setRedeliveryMultiplier(2)
                    .setMaxRedeliveryDelay(redeliveryDelay.toMillis() * 10));
            BrokerSecurity.configure(config, addresses.requests(), addresses.deadLetters(), addresses.events(),
                    addresses.inbound());
            // Made at start, so a client needs no right to create them (and may not).
            for (String queue : new String[] {addresses.requests(), addresses.deadLetters()}) {
                config.addAddressConfiguration(new CoreAddressConfiguration().setName(queue).addRoutingType(RoutingType.ANYCAST)
                        .addQueueConfiguration(QueueConfiguration.of(queue).setAddress(queue).setRoutingType(RoutingType.ANYCAST)));
            }
            for (String topic : new String[] {addresses.events(), addresses.inbound()}) {
                config.addAddressConfiguration(new CoreAddressConfiguration().setName(topic).addRoutingType(RoutingType.MULTICAST));
            }
            config.registerBrokerPlugin(new MessageSizeLimit(maxMessageBytes));
            ActiveMQServer server = ActiveMQServers.newActiveMQServer(config, null, security);
            server.start();
            if (!server.isActive()) {
                server.stop();
                throw new IllegalStateException("the embedded Artemis broker did not become active");
            }
            LOG.info("Embedded Artemis broker listening on 127.0.0.1:{} (CORE, AMQP, STOMP; clients log in), journal in {}",
                    port, dir);
            return new EmbeddedBroker(server, port, security.internalPassword());
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the embedded Artemis broker on 127.0.0.1:" + port
                    + " (is the port taken? set SWITCHBOARD_JMS_EMBEDDED_PORT): " + e.getMessage(), e);
        }
    }

    /** The URL Switchboard's own JMS client connects with: in-VM. */
    String url() {
        return inVmUrl(port);
    }

    private static String inVmUrl(int port) {
        return "vm://" + port;
    }

    /** Switchboard's own connection factory: in-VM, as its own account. */
    ActiveMQConnectionFactory connectionFactory() {
        return new ActiveMQConnectionFactory(url(), BrokerSecurity.INTERNAL_USER, internalPassword);
    }

    ActiveMQServer server() {
        return server;
    }

    @Override
    public void close() {
        try {
            server.stop();
            LOG.info("Embedded Artemis broker stopped");
        } catch (Exception e) {
            LOG.warn("The embedded Artemis broker did not stop cleanly: {}", e.getMessage());
        }
    }
}
