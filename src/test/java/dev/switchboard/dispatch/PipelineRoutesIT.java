package dev.switchboard.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.domain.Vars;
import dev.switchboard.store.Claim;
import dev.switchboard.testing.Backend;
import dev.switchboard.testing.ConsentApi;
import dev.switchboard.testing.Json;
import dev.switchboard.testing.RunningSwitchboard;
import dev.switchboard.testing.TwilioWebhooks;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Each branch of the dispatch pipeline ({@code dispatch} → {@code consent-lookup} → the verdict filter → the router on
 * the channel → {@code send-sms} / {@code send-whatsapp} / {@code send-call} → throttle → breaker → Twilio → settle),
 * on a running Switchboard (PostgreSQL, the sandbox as Twilio) whose {@code dispatch} route is advised to copy what
 * the router sends into mock endpoints. What changes while a message waits (an opt-out, a closing window, quiet
 * hours) is made while the claim loop is stopped, so the dispatch-time check is the one that decides.
 */
class PipelineRoutesIT {

    private static final AtomicInteger PHONES = new AtomicInteger();
    private static RunningSwitchboard sb;
    private static String db;

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> settings = new HashMap<>(Backend.POSTGRES.freshDatabase("pipeline_routes"));
        db = settings.get("switchboard.db.url");
        // Quiet hours around "now" in London: bulk to a +44 number is held; +1 numbers are in their afternoon or night
        // outside this window, and the other tests send transactional messages, which quiet hours never hold.
        ZonedDateTime london = ZonedDateTime.now(ZoneId.of("Europe/London"));
        DateTimeFormatter hhmm = DateTimeFormatter.ofPattern("HH:mm");
        settings.put("switchboard.quiet.hours", london.minusHours(1).format(hhmm) + "-" + london.plusHours(2).format(hhmm));
        settings.put("switchboard.breaker.open-ms", "1000");
        settings.put("switchboard.breaker.min-calls", "100");
        settings.put("switchboard.voice.cps", "5");
        sb = RunningSwitchboard.start(settings);
        AdviceWith.adviceWith(sb.context(), "dispatch", route -> route.mockEndpoints("direct:send-*"));
    }

    @AfterAll
    static void stop() {
        sb.close();
    }

    enum Branch {
        SMS("{\"to\":\"%s\",\"body\":\"hello\"}", "send-sms", "sms"),
        WHATSAPP_IN_WINDOW("{\"channel\":\"whatsapp\",\"to\":\"%s\",\"body\":\"hello\"}", "send-whatsapp", "whatsapp"),
        WHATSAPP_FALLING_BACK("{\"channel\":\"whatsapp\",\"to\":\"%s\",\"body\":\"hi\",\"fallback\":\"sms\"}",
                "send-sms", "sms"),
        CALL("{\"channel\":\"voice\",\"to\":\"%s\",\"say\":\"hello\"}", "send-call", "voice");

        final String json;
        final String route;
        final String sentChannel;

        Branch(String json, String route, String sentChannel) {
            this.json = json;
            this.route = route;
            this.sentChannel = sentChannel;
        }
    }

    @ParameterizedTest
    @EnumSource(Branch.class)
    void the_router_sends_each_channel_to_its_own_route_and_twilio_gets_it_once(Branch branch) {
        String phone = phone();
        if (branch == Branch.WHATSAPP_IN_WINDOW) {
            openWindow(phone);
        }

        String id = submit(branch.json.formatted(phone));

        await().atMost(Duration.ofSeconds(10)).until(() -> !routedTo(id).isEmpty());
        assertThat(routedTo(id)).containsExactly(branch.route);
        if (branch == Branch.CALL) {
            await().atMost(Duration.ofSeconds(10)).until(() -> message(id).hasNonNull("twilioSid"));
            assertThat(sb.sandbox().createdCallParams().stream().filter(p -> List.of(phone).equals(p.get("To"))))
                    .hasSize(1);
        } else {
            JsonNode m = await().atMost(Duration.ofSeconds(10)).until(() -> message(id),
                    j -> "delivered".equals(j.get("status").asText()));
            assertThat(m.get("sentChannel").asText()).isEqualTo(branch.sentChannel);
            String to = "whatsapp".equals(branch.sentChannel) ? "whatsapp:" + phone : phone;
            assertThat(sb.sandbox().createdParams().stream().filter(p -> to.equals(p.get("To")))).hasSize(1);
        }
    }

    @Test
    void an_opt_out_made_while_the_message_waited_is_suppressed_by_the_consent_filter() {
        String phone = phone();
        String id = whileClaimsPaused(() -> {
            String accepted = submit("{\"to\":\"" + phone + "\",\"body\":\"hello\"}");
            assertThat(ConsentApi.put(sb, phone, "{\"channel\":\"sms\",\"state\":\"opted_out\"}").statusCode())
                    .isEqualTo(200);
            return accepted;
        });

        assertSuppressed(id, "opted_out");
        assertThat(sb.sandbox().createRequestsTo(phone)).isZero();
    }

    @Test
    void a_whatsapp_window_that_closed_while_the_message_waited_is_suppressed_by_the_consent_filter() {
        String phone = phone();
        openWindow(phone);
        String id = whileClaimsPaused(() -> {
            String accepted = submit("{\"channel\":\"whatsapp\",\"to\":\"" + phone + "\",\"body\":\"hello\"}");
            sql("UPDATE conversation SET last_inbound_at = ? WHERE phone = ?",
                    Timestamp.from(Instant.now().minus(Duration.ofHours(25))), phone);
            return accepted;
        });

        assertSuppressed(id, "outside_whatsapp_window");
        assertThat(sb.sandbox().createRequestsTo("whatsapp:" + phone)).isZero();
    }

    @Test
    void bulk_that_comes_due_in_quiet_hours_is_deferred_by_the_consent_filter() {
        String phone = "+4477009" + String.format("%05d", PHONES.incrementAndGet());
        String id = submit("{\"to\":\"" + phone + "\",\"body\":\"offer\",\"priority\":\"bulk\"}");
        assertThat(message(id).get("status").asText()).isEqualTo("scheduled");
        NotifyBuilder dispatched = new NotifyBuilder(sb.context()).fromRoute("pace-message").whenDone(1).create();

        // Due now, as if the front door's hold had run out while quiet hours still last.
        sql("UPDATE message SET next_attempt_at = ? WHERE id = ?", Timestamp.from(Instant.now()), id);

        assertThat(dispatched.matches(10, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> events(id).contains("deferred to"));
        JsonNode m = message(id);
        assertThat(m.get("status").asText()).isEqualTo("scheduled");
        assertThat(m.get("attempts").asInt()).isZero();
        assertThat(routedTo(id)).isEmpty();
        assertThat(sb.sandbox().createRequestsTo(phone)).isZero();
    }

    @Test
    void the_open_breaker_holds_the_message_in_the_outbox_without_an_attempt_then_it_goes() {
        CircuitBreaker breaker = sb.context().getRegistry().lookupByNameAndType("twilioBreaker", CircuitBreaker.class);
        String phone = phone();
        breaker.transitionToForcedOpenState();
        String id;
        try {
            id = submit("{\"to\":\"" + phone + "\",\"body\":\"hello\"}");
            await().atMost(Duration.ofSeconds(10)).until(() -> events(id).contains("circuit breaker open"));
            assertThat(message(id).get("attempts").asInt()).isZero();
            assertThat(sb.sandbox().createRequestsTo(phone)).isZero();
        } finally {
            breaker.transitionToClosedState();
        }

        assertThat(awaitStatus(id, "delivered").get("attempts").asInt()).isEqualTo(1);
        assertThat(routedTo(id)).contains("send-sms");
    }

    @Test
    void a_permanent_failure_fails_the_message_after_one_request() {
        String id = submit("{\"to\":\"+15005550001\",\"body\":\"invalid number\"}");

        JsonNode m = awaitStatus(id, "failed");

        assertThat(m.get("errorCode").asInt()).isEqualTo(21211);
        assertThat(m.get("attempts").asInt()).isEqualTo(1);
    }

    @Test
    void a_transient_failure_is_retried_by_the_outbox_and_the_person_gets_one_text() {
        String phone = phone();
        String id = whileClaimsPaused(() -> {
            String accepted = submit("{\"to\":\"" + phone + "\",\"body\":\"hello\"}");
            sb.sandbox().failNext(1, 503);
            return accepted;
        });

        assertThat(awaitStatus(id, "delivered").get("attempts").asInt()).isEqualTo(2);
        assertThat(sb.sandbox().createRequestsTo(phone)).isEqualTo(2);
        assertThat(sentTo(phone)).isEqualTo(1);
    }

    @Test
    void too_many_requests_slows_down_without_failing_or_counting_against_the_message() {
        String phone = phone();
        String id = whileClaimsPaused(() -> {
            String accepted = submit("{\"to\":\"" + phone + "\",\"body\":\"hello\"}");
            sb.sandbox().failNext(1, 429);
            return accepted;
        });

        awaitStatus(id, "delivered");
        assertThat(sb.sandbox().createRequestsTo(phone)).isEqualTo(2);
        assertThat(sentTo(phone)).isEqualTo(1);
    }

    @Test
    void an_answer_lost_after_twilio_created_the_message_is_looked_up_not_resent() {
        String phone = phone();
        String id = whileClaimsPaused(() -> {
            String accepted = submit("{\"to\":\"" + phone + "\",\"body\":\"hello\"}");
            sb.sandbox().messageFaults().createThenFail(1, 500);
            return accepted;
        });

        await().atMost(Duration.ofSeconds(15)).until(() -> message(id).hasNonNull("twilioSid"));
        assertThat(sb.sandbox().createRequestsTo(phone)).isEqualTo(1);
        assertThat(sentTo(phone)).isEqualTo(1);
        assertThat(events(id)).contains("outcome unknown");
    }

    @Test
    void twilio_not_reached_releases_the_message_without_counting_an_attempt() {
        Map<String, String> settings = new HashMap<>(Backend.POSTGRES.freshDatabase("pipeline_not_reached"));
        settings.put("twilio.account.sid", "AC" + "0".repeat(32));
        settings.put("twilio.auth.token", "not-used-0123456789");
        settings.put("twilio.phone.number", "+15005550006");
        settings.put("switchboard.twilio.base-url", "http://127.0.0.1:" + RunningSwitchboard.freePort());
        try (RunningSwitchboard unreachable = RunningSwitchboard.start(settings)) {
            String id = Json.parse(unreachable.postMessage("{\"to\":\"+14155550100\",\"body\":\"hello\"}").body())
                    .get("id").asText();

            // Released three times: counted, that would be three attempts.
            JsonNode m = await().atMost(Duration.ofSeconds(15)).until(
                    () -> Json.parse(unreachable.get("/api/v1/messages/" + id).body()),
                    j -> j.get("events").toString().split("Twilio not reached", -1).length > 3);

            assertThat(m.get("status").asText()).isEqualTo("accepted");
            // At most the claim in flight when it was read; never an attempt per release.
            assertThat(m.get("attempts").asInt()).isLessThanOrEqualTo(1);
        }
    }

    /** The routes the router sent this message to, in order (mock endpoints named after them). */
    private static List<String> routedTo(String id) {
        CamelContext context = sb.context();
        return List.of("send-sms", "send-whatsapp", "send-call").stream()
                .filter(route -> context.getEndpoint("mock:direct:" + route, MockEndpoint.class).getReceivedExchanges()
                        .stream().anyMatch(e -> id.equals(e.getProperty(Vars.CLAIM, Claim.class).message().id())))
                .toList();
    }

    /** Runs {@code change} with the claim loop stopped, then starts it again; returns what {@code change} returned. */
    private static String whileClaimsPaused(java.util.function.Supplier<String> change) {
        try {
            sb.context().getRouteController().stopRoute("dispatch-due");
            try {
                return change.get();
            } finally {
                sb.context().getRouteController().startRoute("dispatch-due");
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertSuppressed(String id, String reason) {
        JsonNode m = awaitStatus(id, "suppressed");
        assertThat(m.get("reason").asText()).isEqualTo(reason);
        assertThat(m.get("attempts").asInt()).isZero();
        assertThat(events(id)).contains("suppressed at dispatch");
        assertThat(routedTo(id)).isEmpty();
    }

    private static String phone() {
        return "+1415556" + String.format("%04d", PHONES.incrementAndGet());
    }

    private static void openWindow(String phone) {
        HttpResponse<String> r = TwilioWebhooks.postSigned(sb, "/twilio/inbound",
                TwilioWebhooks.inbound("SM" + phone.substring(1) + "1".repeat(21), "whatsapp:" + phone,
                        "whatsapp:+14155238886", "hi there"));
        assertThat(r.statusCode()).isEqualTo(200);
    }

    private static String submit(String json) {
        HttpResponse<String> r = sb.postMessage(json);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return Json.parse(r.body()).get("id").asText();
    }

    private static JsonNode message(String id) {
        return Json.parse(sb.get("/api/v1/messages/" + id).body());
    }

    private static String events(String id) {
        return message(id).get("events").toString();
    }

    private static JsonNode awaitStatus(String id, String status) {
        return await().atMost(Duration.ofSeconds(15)).until(() -> message(id),
                j -> status.equals(j.get("status").asText()));
    }

    private static long sentTo(String to) {
        return sb.sandbox().createdParams().stream().filter(p -> to.equals(p.get("To"))).count();
    }

    private static void sql(String statement, Object... params) {
        try (Connection c = DriverManager.getConnection(db); PreparedStatement ps = c.prepareStatement(statement)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            assertThat(ps.executeUpdate()).isEqualTo(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
