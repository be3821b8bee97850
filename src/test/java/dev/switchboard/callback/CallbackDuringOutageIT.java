package dev.switchboard.callback;

import dev.switchboard.testing.Json;
import dev.switchboard.testing.RunningSwitchboard;
import dev.switchboard.testing.TcpProxy;
import dev.switchboard.testing.TestDatabases;
import dev.switchboard.testing.TwilioWebhooks;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A status callback and its I-Twilio-Idempotency-Token commit together: a delivery that fails because the database is
 * gone leaves no token behind, so Twilio's retry with the same token is applied; once applied, the token refuses replays.
 */
class CallbackDuringOutageIT {

    @Test
    void a_callback_refused_during_an_outage_is_applied_when_twilio_retries_it() {
        String direct = TestDatabases.freshPostgresSchema("callback_outage");
        URI pg = URI.create(direct.substring("jdbc:".length()));
        try (TcpProxy proxy = new TcpProxy(pg.getHost(), pg.getPort() < 0 ? 5432 : pg.getPort())) {
            String viaProxy = direct.replaceFirst("//[^/]+/", "//127.0.0.1:" + proxy.port() + "/");
            try (RunningSwitchboard sb = RunningSwitchboard.start(Map.of("switchboard.db.url", viaProxy,
                    "switchboard.db.connect-timeout-ms", "1000",
                    "switchboard.sandbox.callback-delay-ms", "3600000"))) { // only this test's callbacks arrive
                String id = Json.parse(sb.postMessage("{\"to\":\"+14155550100\",\"body\":\"outage\"}").body()).get("id").asText();
                String sid = await().atMost(Duration.ofSeconds(10)).until(
                        () -> Json.parse(sb.get("/api/v1/messages/" + id).body()).get("twilioSid"),
                        s -> !s.isNull()).asText();
                Map<String, String> delivered = new LinkedHashMap<>();
                delivered.put("AccountSid", sb.sandbox().config().accountSid());
                delivered.put("MessageSid", sid);
                delivered.put("MessageStatus", "delivered");
                String token = UUID.randomUUID().toString();

                proxy.down();
                HttpResponse<String> during = TwilioWebhooks.postSigned(sb, "/twilio/status", delivered, token);
                assertThat(during.statusCode()).isGreaterThanOrEqualTo(500);
                proxy.up();

                HttpResponse<String> retry = await().atMost(Duration.ofSeconds(15)).until(
                        () -> TwilioWebhooks.postSigned(sb, "/twilio/status", delivered, token), r -> r.statusCode() == 200);
                assertThat(retry.body()).isEmpty(); // handled, not answered as a replay
                assertThat(Json.parse(sb.get("/api/v1/messages/" + id).body()).get("status").asText()).isEqualTo("delivered");

                Map<String, String> failed = new LinkedHashMap<>(delivered);
                failed.put("MessageStatus", "failed");
                assertThat(TwilioWebhooks.postSigned(sb, "/twilio/status", failed, token).statusCode()).isEqualTo(200);
                assertThat(Json.parse(sb.get("/api/v1/messages/" + id).body()).get("events").toString())
                        .doesNotContain("\"failed\"");
            }
        }
    }
}
