package dev.switchboard.security;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.Layout;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.sandbox.SandboxConfig;
import dev.switchboard.sandbox.TwilioSandbox;
import dev.switchboard.sandbox.TwilioSignature;
import dev.switchboard.testing.Json;
import dev.switchboard.testing.RunningSwitchboard;
import dev.switchboard.testing.TestDatabases;
import dev.switchboard.testing.TwilioWebhooks;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A full run (submit, dispatch to the sandbox, signed callbacks, an inbound keyword, refused and failing requests,
 * observe endpoints, a database URL carrying a password, a start that fails on it) with every log event captured:
 * no secret appears in any log line, exception, HTTP answer or observe output; phone numbers are masked and message
 * bodies absent at INFO.
 */
class SecretsInLogsIT {

    private static final String AUTH_TOKEN = "tok" + UUID.randomUUID().toString().replace("-", "");
    private static final String API_KEY = "sbk_secret_" + UUID.randomUUID().toString().replace("-", "");
    private static final String DB_PASSWORD = "dbpw_" + UUID.randomUUID().toString().replace("-", "");
    private static final String ACCOUNT_SID = "AC" + "5".repeat(32);
    private static final String PHONE = "+14155550142";
    private static final String BODY = "zebra quokka body marker";

    @Test
    void no_secret_reaches_a_log_an_answer_or_observe_output() throws Exception {
        Capture capture = Capture.attach();
        List<String> answers = new ArrayList<>();
        String role = "sb_secret_" + Long.toHexString(System.nanoTime());
        String schema = role + "_schema";
        try (TwilioSandbox twilio = TwilioSandbox.start(SandboxConfig.defaults().withAccountSid(ACCOUNT_SID)
                .withAuthToken(AUTH_TOKEN).withCallbackDelayMillis(20))) {
            String dbUrl = databaseWithPassword(role, schema);
            Map<String, String> settings = new HashMap<>(RunningSwitchboard.usingTwilio(twilio));
            settings.put("switchboard.db.url", dbUrl);
            settings.put("switchboard.api.keys", RunningSwitchboard.API_KEY + "," + API_KEY);
            try (RunningSwitchboard sb = RunningSwitchboard.start(settings)) {
                fullRun(sb, answers);
            }
            assertThatThrownBy(() -> RunningSwitchboard.start(Map.of(
                    "switchboard.db.url", "jdbc:postgresql://127.0.0.1:1/nowhere?user=" + role + "&password=" + DB_PASSWORD,
                    "switchboard.db.startup-timeout-ms", "500")))
                    .satisfies(e -> answers.add(ThrowableProxyUtil.asString(new ch.qos.logback.classic.spi.ThrowableProxy(e))));
        } finally {
            capture.stop();
            dropRole(role, schema);
        }

        List<String> lines = capture.lines();
        List<String> raw = capture.raw();
        assertThat(lines).hasSizeGreaterThan(50); // the capture did see the run
        assertThat(String.join("\n", lines)).contains("+1415•••0142");
        for (String secret : secrets()) {
            assertThat(lines).noneMatch(l -> l.contains(secret));
            assertThat(raw).noneMatch(l -> l.contains(secret));
            assertThat(answers).noneMatch(a -> a.contains(secret));
        }
        assertThat(lines).noneMatch(l -> l.contains(PHONE) || l.contains(PHONE.substring(1)));
        assertThat(capture.infoAndAbove()).noneMatch(l -> l.contains(BODY));
    }

    private static List<String> secrets() {
        String basic = Base64.getEncoder().encodeToString((ACCOUNT_SID + ":" + AUTH_TOKEN).getBytes(StandardCharsets.UTF_8));
        return List.of(AUTH_TOKEN, API_KEY, RunningSwitchboard.API_KEY, DB_PASSWORD, basic);
    }

    private static void fullRun(RunningSwitchboard sb, List<String> answers) {
        // Accepted, dispatched, delivered through the sandbox's signed callbacks.
        HttpResponse<String> ok = post(sb, "{\"to\":\"" + PHONE + "\",\"body\":\"" + BODY + "\"}", API_KEY);
        answers.add(ok.headers().map() + ok.body());
        String id = Json.parse(ok.body()).get("id").asText();
        await().atMost(Duration.ofSeconds(15)).until(() -> status(sb, id, answers), "delivered"::equals);
        // Twilio refuses it (21211): a permanent failure, logged.
        String bad = Json.parse(post(sb, "{\"to\":\"+15005550001\",\"body\":\"" + BODY + "\"}", API_KEY).body()).get("id").asText();
        await().atMost(Duration.ofSeconds(15)).until(() -> status(sb, bad, answers), "failed"::equals);
        // Refused requests: invalid JSON, unknown field, wrong key (a near miss of the real one), too large.
        answers.add(post(sb, "{\"to\":", API_KEY).body());
        answers.add(post(sb, "{\"to\":\"" + PHONE + "\",\"password\":\"" + BODY + "\"}", API_KEY).body());
        HttpResponse<String> unauthorized = post(sb, "{}", API_KEY + "x");
        answers.add(unauthorized.statusCode() + unauthorized.headers().map().toString() + unauthorized.body());
        answers.add(post(sb, "{\"body\":\"" + "x".repeat(70_000) + "\"}", API_KEY).body());
        // An inbound STOP, signed; a forged callback.
        Map<String, String> stop = TwilioWebhooks.inbound("SM" + "9".repeat(32), PHONE, "+15005550006", "STOP " + BODY);
        answers.add(TwilioWebhooks.post(sb, "/twilio/inbound", stop,
                TwilioSignature.sign(AUTH_TOKEN, "http://localhost:" + sb.port() + "/twilio/inbound", stop)).body());
        answers.add(TwilioWebhooks.post(sb, "/twilio/status", Map.of("MessageSid", "SMx", "MessageStatus", "failed"),
                "forged").body());
        // Operations output.
        answers.add(sb.get("/observe/metrics").body());
        answers.add(sb.get("/observe/health").body());
    }

    private static String status(RunningSwitchboard sb, String id, List<String> answers) {
        HttpResponse<String> r = sb.get("/api/v1/messages/" + id);
        answers.add(r.body());
        JsonNode m = Json.parse(r.body());
        return m.get("status").asText();
    }

    private static HttpResponse<String> post(RunningSwitchboard sb, String json, String key) {
        return sb.send(HttpRequest.newBuilder(URI.create(sb.url("/api/v1/messages")))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** A PostgreSQL role with a password of its own and a schema it owns; the URL carries the password. */
    private static String databaseWithPassword(String role, String schema) throws Exception {
        String admin = TestDatabases.postgresBaseUrl();
        try (Connection c = DriverManager.getConnection(admin); Statement st = c.createStatement()) {
            st.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + DB_PASSWORD + "'");
            st.execute("CREATE SCHEMA " + schema + " AUTHORIZATION " + role);
        }
        String base = admin.replaceFirst("\\?.*$", "");
        return base + "?user=" + role + "&password=" + DB_PASSWORD + "&currentSchema=" + schema;
    }

    private static void dropRole(String role, String schema) {
        try (Connection c = DriverManager.getConnection(TestDatabases.postgresBaseUrl()); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            st.execute("DROP ROLE IF EXISTS " + role);
        } catch (Exception e) {
            // a leftover role is harmless
        }
    }

    /** Every event that reaches the root logger, and each one as the console would print it. */
    private static final class Capture extends AppenderBase<ILoggingEvent> {

        private final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();
        private Layout<ILoggingEvent> layout;
        private Level ownLevel;

        @SuppressWarnings("unchecked")
        static Capture attach() {
            LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
            Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            Capture c = new Capture();
            c.layout = ((LayoutWrappingEncoder<ILoggingEvent>) ((ConsoleAppender<ILoggingEvent>) root.getAppender("plain"))
                    .getEncoder()).getLayout();
            Logger own = ctx.getLogger("dev.switchboard");
            c.ownLevel = own.getLevel();
            own.setLevel(Level.TRACE); // our own code at every level
            c.setContext(ctx);
            c.start();
            root.addAppender(c);
            return c;
        }

        @Override
        protected void append(ILoggingEvent event) {
            event.prepareForDeferredProcessing();
            events.add(event);
        }

        @Override
        public void stop() {
            LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
            ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(this);
            ctx.getLogger("dev.switchboard").setLevel(ownLevel);
            super.stop();
        }

        /** Each event as printed (masking applied). */
        List<String> lines() {
            return events.stream().map(layout::doLayout).toList();
        }

        /** Each event's message and exception before any masking: a secret must not even reach the logger. */
        List<String> raw() {
            return events.stream().map(e -> e.getFormattedMessage()
                    + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy()))).toList();
        }

        List<String> infoAndAbove() {
            return events.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.INFO)).map(layout::doLayout).toList();
        }
    }
}
