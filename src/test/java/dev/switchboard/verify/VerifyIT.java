package dev.switchboard.verify;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.store.VerificationStore;
import dev.switchboard.testing.Backend;
import dev.switchboard.testing.Json;
import dev.switchboard.testing.RunningSwitchboard;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/** Twilio Verify through the sandbox, on real PostgreSQL, with every log line captured to prove no code leaks. */
class VerifyIT {

    private static RunningSwitchboard sb;
    private static ListAppender<ILoggingEvent> logs;
    private static final Set<String> CODES = ConcurrentHashMap.newKeySet();

    @BeforeAll
    static void start() {
        logs = new ListAppender<>();
        logs.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
        Map<String, String> settings = new HashMap<>(Backend.POSTGRES.freshDatabase("verify"));
        // One more than Twilio's own 5 sends, so Twilio's 60203 can be seen before our own limit answers.
        settings.put("switchboard.verify.max-sends", "6");
        sb = RunningSwitchboard.start(settings);
    }

    @AfterAll
    static void stop() {
        sb.close();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
        assertThat(CODES).isNotEmpty();
        List<String> lines = new ArrayList<>();
        for (ILoggingEvent e : logs.list) {
            lines.add(e.getFormattedMessage());
            for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
                lines.add(t.getMessage());
            }
        }
        assertThat(lines).isNotEmpty();
        for (String code : CODES) {
            assertThat(lines).as("log lines must never hold a verification code").noneMatch(l -> l != null && l.contains(code));
        }
    }

    @Test
    void a_verification_is_started_and_approved_and_audited_without_the_code() {
        String to = "+14155550200";
        HttpResponse<String> started = post("/api/v1/verifications", "{\"to\":\"" + to + "\",\"channel\":\"sms\",\"locale\":\"en\"}");

        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        assertThat(Json.parse(started.body())).isEqualTo(Json.parse("{\"status\":\"pending\",\"channel\":\"sms\",\"to\":\"" + to + "\"}"));
        String code = code(to);
        HttpResponse<String> checked = check(to, code);

        assertThat(checked.statusCode()).isEqualTo(200);
        assertThat(checked.body()).isEqualTo("{\"status\":\"approved\"}").doesNotContain(code);
        List<VerificationStore.Attempt> audit = store().attempts(to);
        assertThat(audit).extracting(VerificationStore.Attempt::kind, VerificationStore.Attempt::channel,
                VerificationStore.Attempt::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple("start", "sms", "pending"),
                org.assertj.core.groups.Tuple.tuple("check", null, "approved"));
        assertThat(audit.toString()).doesNotContain(code);
    }

    @Test
    void a_wrong_code_leaves_the_verification_pending() {
        String to = "+14155550201";
        assertThat(post("/api/v1/verifications", "{\"to\":\"" + to + "\"}").statusCode()).isEqualTo(202);
        String wrong = wrong(code(to));

        HttpResponse<String> r = check(to, wrong);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"status\":\"pending\"}");
        assertThat(check(to, code(to)).body()).isEqualTo("{\"status\":\"approved\"}");
    }

    @Test
    void five_wrong_codes_reach_max_attempts_and_the_next_check_is_429() {
        String to = "+14155550202";
        assertThat(post("/api/v1/verifications", "{\"to\":\"" + to + "\",\"channel\":\"call\"}").statusCode()).isEqualTo(202);
        String wrong = wrong(code(to));
        for (int i = 0; i < 4; i++) {
            assertThat(check(to, wrong).body()).isEqualTo("{\"status\":\"pending\"}");
        }
        assertThat(check(to, wrong).body()).isEqualTo("{\"status\":\"max_attempts_reached\"}");

        HttpResponse<String> locked = check(to, code(to));

        assertThat(locked.statusCode()).isEqualTo(429);
        assertThat(Json.parse(locked.body()).at("/error/code").asText()).isEqualTo("too_many_checks");
    }

    @Test
    void an_expired_verification_is_404_not_found() {
        String to = "+14155550203";
        assertThat(post("/api/v1/verifications", "{\"to\":\"" + to + "\"}").statusCode()).isEqualTo(202);
        String code = code(to);
        assertThat(sb.sandbox().expireVerification(to)).isTrue();

        HttpResponse<String> r = check(to, code);

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(Json.parse(r.body()).at("/error/code").asText()).isEqualTo("verification_not_found");
        assertThat(r.body()).doesNotContain(code);
    }

    @Test
    void twilio_limits_sends_and_then_our_own_limit_refuses_before_calling_twilio() {
        String to = "+14155550204";
        for (int i = 0; i < 5; i++) {
            assertThat(post("/api/v1/verifications", "{\"to\":\"" + to + "\"}").statusCode()).isEqualTo(202);
        }
        HttpResponse<String> twilioSays = post("/api/v1/verifications", "{\"to\":\"" + to + "\"}");
        HttpResponse<String> weSay = post("/api/v1/verifications", "{\"to\":\"" + to + "\"}");

        assertThat(twilioSays.statusCode()).isEqualTo(429);
        assertThat(Json.parse(twilioSays.body()).at("/error/code").asText()).isEqualTo("too_many_sends");
        assertThat(weSay.statusCode()).isEqualTo(429);
        assertThat(Json.parse(weSay.body()).at("/error/code").asText()).isEqualTo("too_many_verifications");
        assertThat(weSay.headers().firstValue("Retry-After")).isPresent();
        List<VerificationStore.Attempt> audit = store().attempts(to);
        assertThat(audit).extracting(VerificationStore.Attempt::status).endsWith("too_many_sends", "refused");
        assertThat(audit.get(audit.size() - 1).sent()).isFalse();
        assertThat(audit.get(audit.size() - 2).errorCode()).isEqualTo(60203);
    }

    @Test
    void bad_input_is_refused_before_twilio() {
        assertThat(post("/api/v1/verifications", "{\"to\":\"+14155550205\",\"channel\":\"fax\"}").statusCode()).isEqualTo(422);
        assertThat(post("/api/v1/verifications", "{\"to\":\"not-a-number\"}").statusCode()).isIn(400, 422);
        assertThat(post("/api/v1/verifications", "{\"to\":\"someone@example\",\"channel\":\"email\"}").statusCode()).isEqualTo(422);
        assertThat(post("/api/v1/verifications/check", "{\"to\":\"+14155550205\",\"code\":\"12 34\"}").statusCode()).isEqualTo(400);
        assertThat(post("/api/v1/verifications/check", "{\"to\":\"+14155550205\"}").statusCode()).isEqualTo(400);
        assertThat(store().attempts("+14155550205")).isEmpty();
    }

    @Test
    void an_email_verification_goes_to_twilio_with_the_email_channel() {
        HttpResponse<String> r = post("/api/v1/verifications", "{\"to\":\"ana@example.com\",\"channel\":\"email\"}");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        assertThat(check("ana@example.com", code("ana@example.com")).body()).isEqualTo("{\"status\":\"approved\"}");
    }

    @Test
    void the_sandbox_code_endpoint_answers_for_a_pending_verification_only() {
        String to = "+14155550206";
        String lookup = sb.sandbox().baseUrl() + "/sandbox/verify/code?to=%2B14155550206";
        assertThat(get(lookup).statusCode()).isEqualTo(404);
        post("/api/v1/verifications", "{\"to\":\"" + to + "\"}");

        HttpResponse<String> r = get(lookup);

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode json = Json.parse(r.body());
        assertThat(json.get("code").asText()).isEqualTo(code(to));
        assertThat(json.get("status").asText()).isEqualTo("pending");
    }

    @Test
    void verifications_need_an_api_key() {
        HttpResponse<String> r = sb.send(HttpRequest.newBuilder(URI.create(sb.url("/api/v1/verifications")))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"to\":\"+14155550207\"}")).build());

        assertThat(r.statusCode()).isEqualTo(401);
    }

    private static String code(String to) {
        String code = sb.sandbox().verificationCode(to).orElseThrow();
        CODES.add(code);
        return code;
    }

    private static String wrong(String code) {
        String wrong = code.equals("000000") ? "000001" : "000000";
        return wrong;
    }

    private static HttpResponse<String> check(String to, String code) {
        return post("/api/v1/verifications/check", "{\"to\":\"" + to + "\",\"code\":\"" + code + "\"}");
    }

    private static HttpResponse<String> post(String path, String json) {
        return sb.post(path, json, Map.of());
    }

    private static HttpResponse<String> get(String url) {
        return sb.send(HttpRequest.newBuilder(URI.create(url)).GET().build());
    }

    private static VerificationStore store() {
        return sb.context().getRegistry().lookupByNameAndType("verificationStore", VerificationStore.class);
    }
}
