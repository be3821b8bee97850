package dev.switchboard.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.twilio.exception.ApiException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.type.PhoneNumber;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MessagesApiTest {

    private static final PhoneNumber FROM = new PhoneNumber("+15005550006");
    private static final PhoneNumber TO = new PhoneNumber("+15558675310");

    private TwilioSandbox sandbox;
    private TwilioRestClient client;
    private RawTwilio raw;

    @BeforeEach
    void start() {
        sandbox = TwilioSandbox.start(SandboxConfig.defaults().withSeed(7));
        client = SandboxRoutingHttpClient.restClient(sandbox);
        raw = new RawTwilio(sandbox);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void creates_a_message_and_answers_queued_with_an_sm_sid() {
        Message message = Message.creator(TO, FROM, "Hello from the sandbox").create(client);

        assertThat(message.getSid()).matches("^SM[0-9a-f]{32}$");
        assertThat(message.getStatus()).isEqualTo(Message.Status.QUEUED);
        assertThat(message.getAccountSid()).isEqualTo(sandbox.config().accountSid());
        assertThat(message.getTo()).isEqualTo(TO.toString());
        assertThat(message.getFrom()).hasToString(FROM.toString());
        assertThat(message.getBody()).isEqualTo("Hello from the sandbox");
        assertThat(message.getDirection()).isEqualTo(Message.Direction.OUTBOUND_API);
        assertThat(message.getNumSegments()).isEqualTo("1");
        assertThat(message.getDateCreated()).isNotNull();
        assertThat(message.getUri()).isEqualTo("/2010-04-01/Accounts/" + sandbox.config().accountSid()
                + "/Messages/" + message.getSid() + ".json");
        assertThat(sandbox.messagesCreated()).isEqualTo(1);
        assertThat(sandbox.createRequests()).isEqualTo(1);
    }

    @Test
    void fetch_returns_the_created_message() {
        Message created = Message.creator(TO, FROM, "Fetch me").create(client);

        Message fetched = Message.fetcher(created.getSid()).fetch(client);

        assertThat(fetched.getSid()).isEqualTo(created.getSid());
        assertThat(fetched.getBody()).isEqualTo("Fetch me");
        assertThat(fetched.getTo()).isEqualTo(TO.toString());
    }

    @Test
    void answers_dates_in_rfc_2822() {
        HttpResponse<String> response = raw.createMessage(Map.of("To", "+15558675310", "From", "+15005550006",
                "Body", "hi"));

        assertThat(RawTwilio.json(response).get("date_created").asText())
                .matches("^[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} \\+0000$");
    }

    @Test
    void a_messaging_service_sid_instead_of_from_creates_an_accepted_message() {
        Message message = Message.creator(TO, "MG" + "0".repeat(32), "Via a service").create(client);

        assertThat(message.getStatus()).isEqualTo(Message.Status.ACCEPTED);
        assertThat(message.getMessagingServiceSid()).isEqualTo("MG" + "0".repeat(32));
        assertThat(message.getFrom()).isNull();
    }

    @Test
    void counts_segments_of_a_long_body() {
        assertThat(Message.creator(TO, FROM, "a".repeat(161)).create(client).getNumSegments()).isEqualTo("2");
        assertThat(Message.creator(TO, FROM, "ж".repeat(71)).create(client).getNumSegments()).isEqualTo("2");
    }

    @Test
    void wrong_auth_token_is_refused_with_401_and_code_20003() {
        TwilioRestClient intruder = SandboxRoutingHttpClient.restClient(sandbox, "0".repeat(32));

        ApiException refused = catchThrowableOfType(ApiException.class,
                () -> Message.creator(TO, FROM, "let me in").create(intruder));

        assertThat(refused.getStatusCode()).isEqualTo(401);
        assertThat(refused.getCode()).isEqualTo(20003);
        assertThat(refused.getMoreInfo()).isEqualTo("https://www.twilio.com/docs/errors/20003");
        assertThat(sandbox.messagesCreated()).isZero();
        assertThat(sandbox.createRequests()).isEqualTo(1);
    }

    @Test
    void wrong_auth_token_gets_twilios_exact_error_body() {
        HttpResponse<String> response = raw.withAuthToken("nope").createMessage(Map.of("To", "+15558675310",
                "From", "+15005550006", "Body", "hi"));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEqualTo("{\"code\":20003,\"message\":\"Authenticate\","
                + "\"more_info\":\"https://www.twilio.com/docs/errors/20003\",\"status\":401}");
    }

    @Test
    void another_account_sid_in_the_path_is_refused_with_401() {
        String otherAccount = "/2010-04-01/Accounts/AC" + "b".repeat(32) + "/Messages.json";

        HttpResponse<String> response = raw.post(otherAccount, "To=%2B15558675310&From=%2B15005550006&Body=hi");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(RawTwilio.json(response).get("code").asInt()).isEqualTo(20003);
    }

    @ParameterizedTest(name = "To {0} gives {1}")
    @CsvSource({
        "+15005550001, 21211",
        "+15005550002, 21612",
        "+15005550003, 21408",
        "+15005550004, 21610",
        "+15005550009, 21614",
    })
    void magic_to_numbers_answer_their_twilio_error_code(String to, int code) {
        ApiException refused = catchThrowableOfType(ApiException.class,
                () -> Message.creator(new PhoneNumber(to), FROM, "magic").create(client));

        assertThat(refused.getStatusCode()).isEqualTo(400);
        assertThat(refused.getCode()).isEqualTo(code);
        assertThat(sandbox.messagesCreated()).isZero();
    }

    @Test
    void magic_invalid_from_number_answers_21212() {
        ApiException refused = catchThrowableOfType(ApiException.class,
                () -> Message.creator(TO, new PhoneNumber("+15005550001"), "magic").create(client));

        assertThat(refused.getStatusCode()).isEqualTo(400);
        assertThat(refused.getCode()).isEqualTo(21212);
    }

    @ParameterizedTest(name = "{0} gives {1}")
    @CsvSource({
        "From=%2B15005550006&Body=hi, 21604",
        "To=%2B15558675310&Body=hi, 21603",
        "To=%2B15558675310&From=%2B15005550006, 21602",
        "To=&From=%2B15005550006&Body=hi, 21604",
    })
    void missing_required_parameters_answer_their_twilio_error_code(String form, int code) {
        HttpResponse<String> response = raw.post(raw.messagesPath(), form);

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = RawTwilio.json(response);
        assertThat(error.get("code").asInt()).isEqualTo(code);
        assertThat(error.get("status").asInt()).isEqualTo(400);
        assertThat(error.get("more_info").asText()).isEqualTo("https://www.twilio.com/docs/errors/" + code);
        assertThat(error.get("message").asText()).isNotBlank();
    }

    @Test
    void media_url_or_content_sid_stands_in_for_a_body() {
        assertThat(raw.createMessage(Map.of("To", "+15558675310", "From", "+15005550006",
                "MediaUrl", "https://example.com/cat.png")).statusCode()).isEqualTo(201);
        assertThat(raw.createMessage(Map.of("To", "+15558675310", "From", "+15005550006",
                "ContentSid", "HX" + "0".repeat(32))).statusCode()).isEqualTo(201);
    }

    @Test
    void body_over_1600_characters_is_refused_with_21617() {
        ApiException refused = catchThrowableOfType(ApiException.class,
                () -> Message.creator(TO, FROM, "a".repeat(1601)).create(client));

        assertThat(refused.getStatusCode()).isEqualTo(400);
        assertThat(refused.getCode()).isEqualTo(21617);
        assertThat(Message.creator(TO, FROM, "a".repeat(1600)).create(client).getNumSegments()).isEqualTo("11");
    }

    @Test
    void fetching_an_unknown_sid_answers_404_with_code_20404() {
        ApiException missing = catchThrowableOfType(ApiException.class,
                () -> Message.fetcher("SM" + "0".repeat(32)).fetch(client));

        assertThat(missing.getStatusCode()).isEqualTo(404);
        assertThat(missing.getCode()).isEqualTo(20404);
    }

    @Test
    void other_paths_answer_a_twilio_style_404() {
        HttpResponse<String> response = raw.get("/2010-04-01/Accounts/" + sandbox.config().accountSid()
                + "/Calls.json");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode error = RawTwilio.json(response);
        assertThat(error.get("code").asInt()).isEqualTo(20404);
        assertThat(error.get("status").asInt()).isEqualTo(404);
        assertThat(error.get("message").asText()).contains("/Calls.json");
        assertThat(sandbox.createRequests()).isZero();
    }

    @Test
    void fetching_needs_the_same_credentials() {
        Message created = Message.creator(TO, FROM, "private").create(client);

        HttpResponse<String> response = raw.withAuthToken("nope").get("/2010-04-01/Accounts/"
                + sandbox.config().accountSid() + "/Messages/" + created.getSid() + ".json");

        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void the_same_seed_replays_the_same_message_sids() {
        String first = Message.creator(TO, FROM, "one").create(client).getSid();
        try (TwilioSandbox twin = TwilioSandbox.start(sandbox.config())) {
            String twinFirst = Message.creator(TO, FROM, "one")
                    .create(SandboxRoutingHttpClient.restClient(twin)).getSid();

            assertThat(twinFirst).isEqualTo(first);
        }
    }
}
