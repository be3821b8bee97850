package dev.switchboard.dispatch;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.Json;
import dev.switchboard.testing.RunningSwitchboard;
import dev.switchboard.testing.TcpProxy;
import dev.switchboard.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
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

                Logger sidWriter = (Logger) LoggerFactory.getLogger(SidWriter.class);
                ListAppender<ILoggingEvent> lines = new ListAppender<>();
                lines.start();
                sidWriter.addAppender(lines);
                try {
                    proxy.down(); // Twilio is still working on it; its answer will arrive while the database is gone
                    await().atMost(Duration.ofSeconds(5)).until(() -> sb.sandbox().messagesCreated() == 1);
                    // The answer has come back and the SID write met the outage: it is being retried, not dropped.
                    await().atMost(Duration.ofSeconds(10)).until(() -> List.copyOf(lines.list).stream().anyMatch(
                            e -> e.getFormattedMessage().contains("database unreachable, retrying to store the SID")));
                } finally {
                    proxy.up();
                    sidWriter.detachAppender(lines);
                }

                JsonNode m = await().atMost(Duration.ofSeconds(15)).until(
                        () -> Json.parse(sb.get("/api/v1/messages/" + id).body()),
                        j -> j.hasNonNull("twilioSid")); // a 503 while the pool reconnects has none
                assertThat(m.get("attempts").asInt()).isEqualTo(1);
                // Well past the 6 s lease: nobody claimed it again.
                await().during(Duration.ofSeconds(7)).atMost(Duration.ofSeconds(10))
                        .until(() -> sb.sandbox().createRequests() == 1);
            }
        }
    }
}
