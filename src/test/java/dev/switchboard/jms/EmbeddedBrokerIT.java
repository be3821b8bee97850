package dev.switchboard.jms;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.Backend;
import dev.switchboard.testing.Json;
import dev.switchboard.testing.RunningSwitchboard;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.ActiveMQServers;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static dev.switchboard.jms.JmsRequestsIT.request;
import static dev.switchboard.testing.ConsentApi.encode;
import static dev.switchboard.testing.ConsentApi.uniquePhone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The embedded broker keeps what it accepted across a restart, and refuses to start on a taken port. */
class EmbeddedBrokerIT {

    @Test
    void a_request_the_broker_accepted_before_a_restart_is_processed_after_it() throws Exception {
        Map<String, String> settings = new HashMap<>(Backend.POSTGRES.freshDatabase("jms_restart"));
        settings.put("switchboard.data.dir", Files.createTempDirectory("switchboard-jms-restart").toString());
        settings.put("switchboard.jms.embedded-port", String.valueOf(RunningSwitchboard.freePort()));
        String phone = uniquePhone("605");
        try (RunningSwitchboard before = RunningSwitchboard.start(settings); JmsClient jms = new JmsClient(before)) {
            before.context().getRouteController().stopRoute("jms-requests");
            jms.send("switchboard.requests", request(phone, "Kept by the journal"), Map.of());
            assertThat(JmsClient.onQueue(before, "switchboard.requests")).isEqualTo(1);
        }

        try (RunningSwitchboard after = RunningSwitchboard.start(settings)) {
            await().atMost(Duration.ofSeconds(15)).until(() -> messagesTo(after, phone).size() == 1);
            assertThat(messagesTo(after, phone).get(0).get("body").asText()).isEqualTo("Kept by the journal");
        }
    }

    @Test
    void switchboard_does_not_start_when_the_broker_port_is_taken() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Map<String, String> settings = new HashMap<>(Backend.H2.freshDatabase("jms_port_taken"));
            settings.put("switchboard.jms.embedded-port", String.valueOf(taken.getLocalPort()));

            assertThatThrownBy(() -> RunningSwitchboard.start(settings).close())
                    .hasStackTraceContaining("SWITCHBOARD_JMS_EMBEDDED_PORT");
        }
    }

    @Test
    void with_an_external_broker_no_embedded_broker_starts_and_requests_arrive_through_it() throws Exception {
        Path dir = Files.createTempDirectory("switchboard-external-artemis");
        int external = RunningSwitchboard.freePort();
        int embedded = RunningSwitchboard.freePort();
        ActiveMQServer broker = plainBroker(dir, external);
        try {
            Map<String, String> settings = new HashMap<>(Backend.POSTGRES.freshDatabase("jms_external"));
            settings.put("switchboard.jms.url", "tcp://127.0.0.1:" + external);
            settings.put("switchboard.jms.embedded-port", String.valueOf(embedded));
            String phone = uniquePhone("605");
            try (RunningSwitchboard sb = RunningSwitchboard.start(settings); JmsClient jms = new JmsClient(external, null, null)) {
                assertThat(sb.context().getRegistry().lookupByName("jmsBroker")).isNull();
                try (ServerSocket free = new ServerSocket(embedded, 50, InetAddress.getLoopbackAddress())) {
                    assertThat(free.getLocalPort()).as("nothing listens on the embedded port").isEqualTo(embedded);
                }

                jms.send("switchboard.requests", request(phone, "Through the external broker"), Map.of());

                await().atMost(Duration.ofSeconds(15)).until(() -> messagesTo(sb, phone).size() == 1);
            }
        } finally {
            broker.stop();
        }
    }

    /** A broker of the customer's own, as Artemis runs for a quick trial: no security, nothing kept. */
    private static ActiveMQServer plainBroker(Path dir, int port) throws Exception {
        ActiveMQServer server = ActiveMQServers.newActiveMQServer(new ConfigurationImpl().setName("external")
                .setPersistenceEnabled(false).setSecurityEnabled(false).setJMXManagementEnabled(false)
                .setPagingDirectory(dir.resolve("paging").toString())
                .addAcceptorConfiguration("tcp", "tcp://127.0.0.1:" + port));
        server.start();
        return server;
    }

    private static JsonNode messagesTo(RunningSwitchboard sb, String phone) {
        return Json.parse(sb.get("/api/v1/messages?limit=200&to=" + encode(phone)).body()).get("items");
    }
}
