package dev.switchboard.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.type.PhoneNumber;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Holds the sandbox to Twilio's published OpenAPI description, so it cannot drift into its own dialect. */
class OpenApiContractTest {

    private static final String MESSAGES_PATH = "/2010-04-01/Accounts/{AccountSid}/Messages.json";
    private static final String MESSAGE_SCHEMA = "api.v2010.account.message";

    private static JsonNode openApi;
    private static TwilioSandbox sandbox;
    private static RawTwilio raw;

    @BeforeAll
    static void load() {
        try (InputStream in = OpenApiContractTest.class.getResourceAsStream("/twilio-oai/twilio_api_v2010.json")) {
            openApi = new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        sandbox = TwilioSandbox.start(SandboxConfig.defaults());
        raw = new RawTwilio(sandbox);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    private static JsonNode createOperation() {
        return openApi.path("paths").path(MESSAGES_PATH).path("post");
    }

    private static Set<String> names(JsonNode properties) {
        Set<String> names = new TreeSet<>();
        properties.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Set<String> messageSchemaProperties() {
        String ref = createOperation().path("responses").path("201").path("content").path("application/json")
                .path("schema").path("$ref").asText();
        assertThat(ref).isEqualTo("#/components/schemas/" + MESSAGE_SCHEMA);
        return names(openApi.path("components").path("schemas").path(MESSAGE_SCHEMA).path("properties"));
    }

    private static Set<String> createRequestProperties() {
        JsonNode schema = createOperation().path("requestBody").path("content")
                .path("application/x-www-form-urlencoded").path("schema");
        assertThat(schema.path("properties").size()).isPositive();
        return names(schema.path("properties"));
    }

    @Test
    void the_201_answer_has_exactly_the_properties_of_the_message_schema() {
        HttpResponse<String> response = raw.createMessage(Map.of("To", "+15558675310", "From", "+15005550006",
                "Body", "contract"));

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(names(RawTwilio.json(response))).isEqualTo(messageSchemaProperties());
    }

    @Test
    void the_fetch_answer_has_exactly_the_properties_of_the_message_schema() {
        String sid = RawTwilio.json(raw.createMessage(Map.of("To", "+15558675310", "From", "+15005550006",
                "Body", "contract"))).get("sid").asText();

        HttpResponse<String> response = raw.get("/2010-04-01/Accounts/" + sandbox.config().accountSid()
                + "/Messages/" + sid + ".json");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(names(RawTwilio.json(response))).isEqualTo(messageSchemaProperties());
    }

    @Test
    void the_status_values_the_sandbox_uses_are_in_the_schema_enum() {
        JsonNode statuses = openApi.path("components").path("schemas").path("message_enum_status").path("enum");
        List<String> allowed = new ArrayList<>();
        statuses.forEach(status -> allowed.add(status.asText()));

        assertThat(allowed).contains("queued", "accepted", "sent", "delivered", "undelivered");
    }

    @Test
    void every_form_parameter_the_sdk_sends_is_in_the_create_request_schema() {
        int before = sandbox.createdParams().size();
        Message.creator(new PhoneNumber("+15558675310"), new PhoneNumber("+15005550006"), "contract")
                .setStatusCallback(URI.create("http://127.0.0.1:9/status"))
                .setMediaUrl(URI.create("https://example.com/cat.png"))
                .setMaxPrice(new BigDecimal("0.05"))
                .setValidityPeriod(600)
                .setProvideFeedback(true)
                .setAttempt(1)
                .setSmartEncoded(true)
                .setShortenUrls(false)
                .setSendAsMms(false)
                .create(SandboxRoutingHttpClient.restClient(sandbox));

        List<Map<String, String>> created = sandbox.createdParams();
        assertThat(created).hasSize(before + 1);
        Set<String> sent = created.get(before).keySet();
        assertThat(sent).contains("To", "From", "Body", "StatusCallback", "MediaUrl", "MaxPrice", "ValidityPeriod");
        assertThat(createRequestProperties()).containsAll(sent);
    }

    @Test
    void an_unknown_parameter_is_refused_with_400_naming_it() {
        HttpResponse<String> response = raw.createMessage(Map.of("To", "+15558675310", "From", "+15005550006",
                "Body", "contract", "CallbackUrl", "http://127.0.0.1:9/status"));

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = RawTwilio.json(response);
        assertThat(error.get("code").asInt()).isEqualTo(21999);
        assertThat(error.get("message").asText()).contains("'CallbackUrl'");
        assertThat(names(error)).containsExactly("code", "message", "more_info", "status");
    }

    @Test
    void the_sandbox_accepts_exactly_the_parameters_of_the_create_request_schema() {
        assertThat(new TreeSet<>(CreateMessageRules.PARAMETERS)).isEqualTo(createRequestProperties());
    }

    @Test
    void to_is_the_only_parameter_the_schema_requires() {
        JsonNode required = createOperation().path("requestBody").path("content")
                .path("application/x-www-form-urlencoded").path("schema").path("required");

        assertThat(required.size()).isEqualTo(1);
        assertThat(required.get(0).asText()).isEqualTo("To");
    }
}
