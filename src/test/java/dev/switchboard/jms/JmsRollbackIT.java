package dev.switchboard.jms;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.store.StoreException;
import dev.switchboard.testing.Backend;
import dev.switchboard.testing.Json;
import dev.switchboard.testing.RunningSwitchboard;
import dev.switchboard.testing.TcpProxy;
import dev.switchboard.testing.TestDatabases;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.switchboard.jms.JmsRequestsIT.request;
import static dev.switchboard.testing.ConsentApi.encode;
import static dev.switchboard.testing.ConsentApi.uniquePhone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A JMS request is acknowledged only after its row is committed: rolled back, it comes again and is sent once. */
class JmsRollbackIT {

    private static final String QUEUE = "switchboard.requests";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void while_the_database_is_down_the_request_stays_on_the_queue_and_is_processed_once_when_it_is_back() {
        String direct = TestDatabases.freshPostgresSchema("jms_database_down");
        URI pg = URI.create(direct.substring("jdbc:".length()));
        try (TcpProxy proxy = new TcpProxy(pg.getHost(), pg.getPort() < 0 ? 5432 : pg.getPort())) {
            String viaProxy = direct.replaceFirst("//[^/]+/", "//127.0.0.1:" + proxy.port() + "/");
            try (RunningSwitchboard sb = RunningSwitchboard.start(Map.of("switchboard.db.url", viaProxy,
                    "switchboard.db.connect-timeout-ms", "500", "switchboard.jms.redelivery-delay-ms", "1000"));
                 JmsClient jms = new JmsClient(sb)) {
                String phone = uniquePhone("602");
                proxy.down();

                jms.send(QUEUE, request(phone, "Survives an outage"), Map.of());

                // Taken, rolled back, and waiting on the broker for its redelivery.
                await().atMost(WAIT).pollInterval(Duration.ofMillis(20))
                        .until(() -> JmsClient.awaitingRedelivery(sb, QUEUE) == 1);
                assertThat(JmsClient.onQueue(sb, QUEUE)).isEqualTo(1);

                proxy.up();
                await().atMost(WAIT).until(() -> JmsClient.onQueue(sb, QUEUE) == 0);
                JsonNode stored = messagesTo(sb, phone);
                assertThat(stored).hasSize(1);
                String id = stored.get(0).get("id").asText();
                await().atMost(WAIT).until(() -> Json.parse(sb.get("/api/v1/messages/" + id).body())
                        .get("status").asText(), "delivered"::equals);
                assertThat(sb.sandbox().createdParams().stream().filter(p -> phone.equals(p.get("To")))).hasSize(1);
            }
        }
    }

    @Test
    void a_request_rolled_back_after_its_row_was_committed_is_redelivered_and_sent_once() throws Exception {
        Map<String, String> settings = new HashMap<>(Backend.POSTGRES.freshDatabase("jms_redelivery"));
        settings.put("switchboard.jms.redelivery-delay-ms", "100");
        try (RunningSwitchboard sb = RunningSwitchboard.start(settings); JmsClient jms = new JmsClient(sb)) {
            // The row is committed, then the JMS transaction fails before its commit, as a crash there would.
            AtomicInteger failures = new AtomicInteger();
            AdviceWith.adviceWith(sb.context(), "jms-requests", route -> route.weaveByToUri("direct:submit").after()
                    .process(exchange -> {
                        if (failures.getAndIncrement() == 0) {
                            throw new StoreException(new SQLException("lost the connection after the commit", "08006"));
                        }
                    }));
            String phone = uniquePhone("602");

            jms.send(QUEUE, request(phone, "Once, though delivered twice"), Map.of());

            await().atMost(WAIT).until(() -> failures.get() >= 2 && JmsClient.onQueue(sb, QUEUE) == 0);
            JsonNode stored = messagesTo(sb, phone);
            assertThat(stored).hasSize(1);
            String id = stored.get(0).get("id").asText();
            await().atMost(WAIT).until(() -> Json.parse(sb.get("/api/v1/messages/" + id).body())
                    .get("status").asText(), "delivered"::equals);
            assertThat(sb.sandbox().createdParams().stream().filter(p -> phone.equals(p.get("To")))).hasSize(1);
        }
    }

    private static JsonNode messagesTo(RunningSwitchboard sb, String phone) {
        return Json.parse(sb.get("/api/v1/messages?limit=200&to=" + encode(phone)).body()).get("items");
    }
}
