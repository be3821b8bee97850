package dev.switchboard.deploy;

import com.sun.net.httpserver.HttpServer;
import dev.switchboard.testing.Backend;
import dev.switchboard.testing.ConsentApi;
import dev.switchboard.testing.Json;
import dev.switchboard.testing.RunningSwitchboard;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.switchboard.testing.TwilioWebhooks.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every metric the Grafana dashboard and the alert rules query is one a running Switchboard exports. Counters appear
 * at their first increment, so the test makes each move the way production does: a delivered message, one from a
 * sender Twilio refuses, a forged callback, an opt-out, a status webhook, the breaker opening and closing.
 */
class DeployMetricNamesIT {

    private static final String INVALID_SENDER = "+15005550001"; // the sandbox answers 400/21212

    @Test
    void every_metric_of_the_dashboard_and_the_alerts_is_exported() throws Exception {
        Set<String> wanted = new TreeSet<>(GrafanaDashboardTest.names(String.join("\n", GrafanaDashboardTest.expressions())));
        wanted.addAll(PrometheusRulesTest.metricNames());
        assertThat(wanted).hasSizeGreaterThan(15);

        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hooks", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        Map<String, String> settings = new HashMap<>(Backend.POSTGRES.freshDatabase("deploy_metric_names"));
        settings.put("switchboard.metrics.refresh-ms", "200");
        settings.put("switchboard.webhook.allow-http", "true");
        settings.put("switchboard.webhook.allow-private", "true");
        try (RunningSwitchboard sb = RunningSwitchboard.start(settings)) {
            String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks";
            assertThat(sb.post("/api/v1/webhooks", "{\"url\":\"" + hook + "\"}", Map.of()).statusCode()).isEqualTo(201);
            String delivered = id(sb.postMessage("{\"to\":\"+14155550170\",\"body\":\"dashboard\"}").body());
            String refused = id(sb.postMessage("{\"to\":\"+14155550171\",\"body\":\"bad sender\",\"from\":\""
                    + INVALID_SENDER + "\"}").body());
            sb.postMessage("{\"to\":\"+14155550172\",\"body\":\"later\",\"priority\":\"bulk\","
                    + "\"sendAt\":\"2099-01-01T00:00:00Z\"}");
            assertThat(ConsentApi.put(sb, "+14155550173", "{\"channel\":\"sms\",\"state\":\"opted_out\"}").statusCode())
                    .isEqualTo(200);
            assertThat(post(sb, "/twilio/status", Map.of("MessageSid", "SMforged", "MessageStatus", "delivered"),
                    "forged").statusCode()).isEqualTo(403);
            await().atMost(Duration.ofSeconds(15)).until(() -> status(sb, delivered).equals("delivered")
                    && status(sb, refused).equals("failed"));
            CircuitBreaker breaker = sb.context().getRegistry().lookupByNameAndType("twilioBreaker", CircuitBreaker.class);
            breaker.transitionToOpenState();
            breaker.transitionToClosedState();

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(exported(sb.get("/observe/metrics").body())).containsAll(wanted));
        } finally {
            receiver.stop(0);
        }
    }

    /** The sample names of a Prometheus text exposition. */
    static Set<String> exported(String exposition) {
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]").matcher(exposition);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static String id(String json) {
        return Json.parse(json).get("id").asText();
    }

    private static String status(RunningSwitchboard sb, String id) {
        return Json.parse(sb.get("/api/v1/messages/" + id).body()).get("status").asText();
    }
}
