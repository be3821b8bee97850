package dev.switchboard.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.Json;
import dev.switchboard.testing.RunningSwitchboard;
import dev.switchboard.testing.TcpProxy;
import dev.switchboard.testing.TestDatabases;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Twilio accepted a message but the database dropped before its SID was written: the sender keeps
 * the SID and writes it when the database returns, instead of letting the claim expire and texting
 * the person again.
 */
class SidWriteOutageIT {

    @Test
    void database_blip_after_twilio_accepted_does_not_send_the_message_again() {
        String direct = TestDatabases.freshPostgresSchema("sid_write_outage");
        URI pg = URI.create(direct.substring("jdbc:".length()));
        try (TcpProxy proxy = new TcpProxy(pg.getHost(), pg.getPort() < 0 ? 5432 : pg.getPort())) {
            Map<String, String> settings = new HashMap<>();
            settings.put("switchboard.db.url", direct.replaceFirst("//[^/]+/", "//127.0.0.1:" + proxy.port() + "/"));
            settings.put("switchboard.db.connect-timeout-ms", "500");
            settings.put("switchboard.outbox.lease-ms", "6000");
            settings.put("switchboard.sandbox.latency-ms", "1500");
            try (RunningSwitchboard sb = RunningSwitchboard.start(settings)) {
                String id = Json.parse(sb.postMessage("{\"to\":\"+14155550100\",\"body\":\"exactly once\"}").body())
                        .get("id").asText();
                await().atMost(Duration.ofSeconds(5)).until(() -> sb.sandbox().createRequests() == 1);

                proxy.down(); // Twilio is still working on it; its answer will arrive while the database is gone
                await().atMost(Duration.ofSeconds(5)).until(() -> sb.sandbox().messagesCreated() == 1);
                await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
                proxy.up();

                JsonNode m = await().atMost(Duration.ofSeconds(15)).until(
                        () -> Json.parse(sb.get("/api/v1/messages/" + id).body()),
                        j -> !j.get("twilioSid").isNull());
                assertThat(m.get("attempts").asInt()).isEqualTo(1);
                // Well past the 6 s lease: nobody claimed it again.
                await().during(Duration.ofSeconds(7)).atMost(Duration.ofSeconds(10))
                        .until(() -> sb.sandbox().createRequests() == 1);
            }
        }
    }
}
