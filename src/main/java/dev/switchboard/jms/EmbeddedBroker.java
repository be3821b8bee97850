package dev.switchboard.jms;

import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.ActiveMQServers;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;

/** The ActiveMQ Artemis broker Switchboard runs inside itself when no external broker is configured. */
final class EmbeddedBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);

    private final ActiveMQServer server;
    private final int port;

    private EmbeddedBroker(ActiveMQServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /**
     * Starts a persistent broker on {@code 127.0.0.1:port}: one acceptor for CORE, AMQP and STOMP, the
     * journal under {@code dir}, and a redelivery delay on the requests queue so a rolled-back request
     * (database down) waits before it is tried again instead of spinning; it never goes to a dead letter.
     */
    static EmbeddedBroker start(Path dir, int port, String requestsQueue, Duration redeliveryDelay) {
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
                    .setSecurityEnabled(false)
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
            ActiveMQServer server = ActiveMQServers.newActiveMQServer(config);
            server.start();
            if (!server.isActive()) {
                server.stop();
                throw new IllegalStateException("the embedded Artemis broker did not become active");
            }
            LOG.info("Embedded Artemis broker listening on 127.0.0.1:{} (CORE, AMQP, STOMP), journal in {}", port, dir);
            return new EmbeddedBroker(server, port);
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
