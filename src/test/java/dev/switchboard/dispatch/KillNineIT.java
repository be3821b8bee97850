package dev.switchboard.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.settings.Settings;
import dev.switchboard.sandbox.SandboxConfig;
import dev.switchboard.sandbox.TwilioSandbox;
import dev.switchboard.testing.Json;
import dev.switchboard.testing.RunningSwitchboard;
import dev.switchboard.testing.TestDatabases;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * kill -9 mid-burst: a Switchboard process is killed with SIGKILL while some creates are answered late; a new
 * instance reclaims the expired leases and every accepted message ends final, each created at Twilio once.
 */
class KillNineIT {

    private static final int MESSAGES = 12;
    private static final int IN_FLIGHT = 4;

    @Test
    void after_kill_9_every_accepted_message_reaches_a_final_state_and_none_is_created_twice() throws Exception {
        String db = TestDatabases.freshPostgresSchema("kill_nine");
        try (TwilioSandbox twilio = TwilioSandbox.start(SandboxConfig.defaults().withCallbackDelayMillis(20))) {
            // The first creates reach Twilio and are created, but their answers come long after the kill.
            twilio.messageFaults().createThenStall(IN_FLIGHT, 8000);
            Map<String, String> settings = new HashMap<>(RunningSwitchboard.usingTwilio(twilio));
            settings.put("switchboard.db.url", db);
            settings.put("switchboard.outbox.lease-ms", "3000");
            settings.put("switchboard.rate.mps", "5"); // a burst that is still going when the process dies

            List<String> ids = new ArrayList<>();
            int port = RunningSwitchboard.freePort();
            Process doomed = startProcess(settings, port);
            try {
                String base = awaitReady(doomed, port);
                for (int i = 0; i < MESSAGES; i++) {
                    ids.add(Json.parse(post(base, "{\"to\":\"" + to(i) + "\",\"body\":\"burst " + i + "\"}")).get("id").asText());
                }
                await().atMost(Duration.ofSeconds(20)).until(() -> twilio.createRequests() >= IN_FLIGHT + 2);
            } finally {
                doomed.destroyForcibly(); // SIGKILL: no shutdown hook, no release of claims
                doomed.waitFor(10, TimeUnit.SECONDS);
            }
            assertThat(twilio.createRequests()).isLessThan(MESSAGES); // killed mid-burst

            settings.put("switchboard.reconcile.after-ms", "1000"); // callbacks to the dead process were lost
            settings.put("switchboard.reconcile.period-ms", "500");
            try (RunningSwitchboard survivor = RunningSwitchboard.start(settings)) {
                Set<String> sids = new HashSet<>();
                int reconciled = 0;
                for (String id : ids) {
                    JsonNode m = await().atMost(Duration.ofSeconds(40)).until(
                            () -> Json.parse(survivor.get("/api/v1/messages/" + id).body()),
                            j -> "delivered".equals(j.get("status").asText()));
                    sids.add(m.get("twilioSid").asText());
                    reconciled += m.get("events").toString().contains("reconciled") ? 1 : 0;
                }
                for (int i = 0; i < MESSAGES; i++) {
                    assertThat(twilio.createRequestsTo(to(i))).as("POSTs to %s", to(i)).isEqualTo(1);
                }
                assertThat(twilio.messagesCreated()).isEqualTo(MESSAGES);
                assertThat(sids).hasSize(MESSAGES);
                // The stalled ones at least; a create answered just as the process died is reconciled too.
                assertThat(reconciled).isGreaterThanOrEqualTo(IN_FLIGHT);
            }
        }
    }

    private static String to(int i) {
        return "+1415555" + (2100 + i);
    }

    /** Switchboard in its own JVM, configured through the environment like a deployment. */
    private static Process startProcess(Map<String, String> settings, int port) throws IOException {
        Path dataDir = Files.createTempDirectory("switchboard-kill9");
        Path log = Path.of("target", "kill-nine-process.log");
        Map<String, String> own = new HashMap<>(settings);
        own.put("switchboard.http.port", String.valueOf(port));
        own.put("switchboard.data.dir", dataDir.toString());
        own.put("switchboard.api.keys", RunningSwitchboard.API_KEY);
        own.put("switchboard.api.rate", "0");
        own.put("switchboard.outbox.poll-ms", "50");
        own.put("switchboard.jms.embedded-port", String.valueOf(RunningSwitchboard.freePort()));
        own.put("switchboard.routes.dir", Path.of("routes").toAbsolutePath().toString());
        own.put("switchboard.routes.reload", "false");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.switchboard.Switchboard");
        own.forEach((k, v) -> pb.environment().put(Settings.envName(k), v));
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        return pb.start();
    }

    private static String awaitReady(Process p, int port) {
        String base = "http://127.0.0.1:" + port;
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
            assertThat(p.isAlive()).as("process alive (see target/kill-nine-process.log)").isTrue();
            try {
                return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/observe/health/ready")).GET().build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
        return base;
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static String post(String base, String json) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/messages"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + RunningSwitchboard.API_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(202);
        return r.body();
    }
}
