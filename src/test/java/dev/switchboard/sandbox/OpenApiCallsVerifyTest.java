package dev.switchboard.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Call;
import com.twilio.rest.verify.v2.service.Verification;
import com.twilio.rest.verify.v2.service.VerificationCheck;
import com.twilio.type.PhoneNumber;
import com.twilio.type.Twiml;
import dev.switchboard.twilio.RetrylessHttpClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Holds the sandbox's Calls and Verify endpoints, and the requests the SDK sends to them, to Twilio's
 * published OpenAPI descriptions (as {@link OpenApiContractTest} does for Messages).
 */
class OpenApiCallsVerifyTest {

    private static final String CALLS_PATH = "/2010-04-01/Accounts/{AccountSid}/Calls.json";
    private static final String START_PATH = "/v2/Services/{ServiceSid}/Verifications";
    private static final String CHECK_PATH = "/v2/Services/{ServiceSid}/VerificationCheck";
    private static final String SERVICE = "VAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

    private static JsonNode api;
    private static JsonNode verify;
    private static TwilioSandbox sandbox;
    private static TwilioRestClient client;

    @BeforeAll
    static void load() {
        api = read("/twilio-oai/twilio_api_v2010.json");
        verify = read("/twilio-oai/twilio_verify_v2.json");
        sandbox = TwilioSandbox.start(SandboxConfig.defaults().withCallbackDelayMillis(0));
        client = new TwilioRestClient.Builder(sandbox.config().accountSid(), sandbox.config().authToken())
                .httpClient(new RetrylessHttpClient(sandbox.baseUrl(), 5000, 15000, 4)).build();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void the_sandbox_accepts_exactly_the_parameters_of_the_create_call_schema() {
        assertThat(new TreeSet<>(CallsApi.PARAMETERS)).isEqualTo(requestProperties(api, CALLS_PATH));
    }

    @Test
    void every_parameter_switchboard_sends_for_a_call_is_in_the_schema_with_documented_events() {
        int before = sandbox.createdCallParams().size();
        Call call = Call.creator(new PhoneNumber("+14155550100"), new PhoneNumber("+15005550006"),
                        new Twiml("<Response><Say>hi</Say></Response>"))
                .setStatusCallback(URI.create("http://127.0.0.1:9/twilio/voice/status"))
                .setStatusCallbackMethod(com.twilio.http.HttpMethod.POST)
                .setStatusCallbackEvent(List.of("initiated", "ringing", "answered", "completed"))
                .create(client);

        Map<String, List<String>> sent = sandbox.createdCallParams().get(before);
        assertThat(requestProperties(api, CALLS_PATH)).containsAll(sent.keySet());
        assertThat(sent.get("StatusCallbackEvent")).containsExactly("initiated", "ringing", "answered", "completed");
        assertThat(api.at("/paths/" + escape(CALLS_PATH) + "/post/requestBody/content/application~1x-www-form-urlencoded"
                + "/schema/properties/StatusCallbackEvent/description").asText())
                .contains("`initiated`, `ringing`, `answered`, and `completed`");
        assertThat(call.getSid()).startsWith("CA");
    }

    @Test
    void the_call_answers_have_exactly_the_properties_of_the_call_schema_and_its_statuses() {
        Call call = Call.creator(new PhoneNumber("+14155550101"), new PhoneNumber("+15005550006"),
                new Twiml("<Response/>")).create(client);
        RawTwilio raw = new RawTwilio(sandbox);
        JsonNode fetched = RawTwilio.json(raw.get("/2010-04-01/Accounts/" + sandbox.config().accountSid()
                + "/Calls/" + call.getSid() + ".json"));

        assertThat(names(fetched)).isEqualTo(names(api.at("/components/schemas/api.v2010.account.call/properties")));
        Set<String> statuses = new TreeSet<>();
        api.at("/components/schemas/call_enum_status/enum").forEach(s -> statuses.add(s.asText()));
        assertThat(statuses).contains("queued", "ringing", "in-progress", "completed", "busy", "no-answer", "failed");
    }

    @Test
    void the_sandbox_accepts_exactly_the_parameters_of_the_verify_schemas() {
        assertThat(new TreeSet<>(VerifyApi.START_PARAMETERS)).isEqualTo(requestProperties(verify, START_PATH));
        assertThat(new TreeSet<>(VerifyApi.CHECK_PARAMETERS)).isEqualTo(requestProperties(verify, CHECK_PATH));
        assertThat(requestRequired(verify, START_PATH)).containsExactlyInAnyOrder("To", "Channel");
    }

    @Test
    void verify_answers_have_exactly_the_properties_of_the_verify_schemas() {
        Verification started = Verification.creator(SERVICE, "+14155550102", "sms").setLocale("en").create(client);
        String code = sandbox.verificationCode("+14155550102").orElseThrow();
        VerificationCheck checked = VerificationCheck.creator(SERVICE).setTo("+14155550102").setCode(code).create(client);

        assertThat(started.getStatus()).isEqualTo("pending");
        assertThat(checked.getStatus()).isEqualTo("approved");
        RawVerify raw = new RawVerify();
        assertThat(names(raw.start("+14155550103"))).isEqualTo(names(verify.at(
                "/components/schemas/verify.v2.service.verification/properties")));
        assertThat(names(raw.check("+14155550103", sandbox.verificationCode("+14155550103").orElseThrow())))
                .isEqualTo(names(verify.at("/components/schemas/verify.v2.service.verification_check/properties")));
    }

    /** Plain HTTP to the sandbox's Verify endpoints, to see the JSON the SDK would parse. */
    private static final class RawVerify {
        private final java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();

        JsonNode start(String to) {
            return post(START_PATH.replace("{ServiceSid}", SERVICE), "To=" + to.replace("+", "%2B") + "&Channel=sms");
        }

        JsonNode check(String to, String code) {
            return post(CHECK_PATH.replace("{ServiceSid}", SERVICE), "To=" + to.replace("+", "%2B") + "&Code=" + code);
        }

        private JsonNode post(String path, String form) {
            String auth = java.util.Base64.getEncoder().encodeToString((sandbox.config().accountSid() + ":"
                    + sandbox.config().authToken()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            try {
                var response = http.send(java.net.http.HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path))
                        .header("Authorization", "Basic " + auth)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(form)).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                return new ObjectMapper().readTree(response.body());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static Set<String> requestProperties(JsonNode oai, String path) {
        JsonNode schema = oai.path("paths").path(path).path("post").path("requestBody").path("content")
                .path("application/x-www-form-urlencoded").path("schema");
        assertThat(schema.path("properties").size()).isPositive();
        return names(schema.path("properties"));
    }

    private static Set<String> requestRequired(JsonNode oai, String path) {
        Set<String> required = new TreeSet<>();
        oai.path("paths").path(path).path("post").path("requestBody").path("content")
                .path("application/x-www-form-urlencoded").path("schema").path("required")
                .forEach(r -> required.add(r.asText()));
        return required;
    }

    private static Set<String> names(JsonNode properties) {
        Set<String> names = new TreeSet<>();
        properties.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String escape(String path) {
        return path.replace("~", "~0").replace("/", "~1");
    }

    private static JsonNode read(String resource) {
        try (InputStream in = OpenApiCallsVerifyTest.class.getResourceAsStream(resource)) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
