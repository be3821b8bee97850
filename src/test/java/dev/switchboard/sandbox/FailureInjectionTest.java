package dev.switchboard.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.twilio.exception.ApiException;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.type.PhoneNumber;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FailureInjectionTest {

    private static final Map<String, String> VALID = Map.of("To", "+15558675310", "From", "+15005550006",
            "Body", "hello");

    private TwilioSandbox sandbox;

    @AfterEach
    void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void fail_next_500_answers_500_with_code_20500_and_creates_nothing() {
        sandbox = TwilioSandbox.start(SandboxConfig.defaults());
        RawTwilio raw = new RawTwilio(sandbox);
        sandbox.failNext(1, 500);

        HttpResponse<String> failed = raw.createMessage(VALID);

        assertThat(failed.statusCode()).isEqualTo(500);
        JsonNode error = RawTwilio.json(failed);
        assertThat(error.get("code").asInt()).isEqualTo(20500);
        assertThat(error.get("status").asInt()).isEqualTo(500);
        assertThat(sandbox.messagesCreated()).isZero();
        assertThat(sandbox.createdParams()).isEmpty();
        assertThat(raw.createMessage(VALID).statusCode()).isEqualTo(201);
        assertThat(sandbox.createRequests()).isEqualTo(2);
        assertThat(sandbox.messagesCreated()).isEqualTo(1);
    }

    @Test
    void fail_next_429_answers_20429_with_retry_after_one_second() {
        sandbox = TwilioSandbox.start(SandboxConfig.defaults());
        sandbox.failNext(1, 429);

        HttpResponse<String> throttled = new RawTwilio(sandbox).createMessage(VALID);

        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(RawTwilio.json(throttled).get("code").asInt()).isEqualTo(20429);
        assertThat(sandbox.messagesCreated()).isZero();
    }

    @Test
    void fail_next_503_answers_503_with_code_20500() {
        sandbox = TwilioSandbox.start(SandboxConfig.defaults());
        sandbox.failNext(1, 503);

        HttpResponse<String> unavailable = new RawTwilio(sandbox).createMessage(VALID);

        assertThat(unavailable.statusCode()).isEqualTo(503);
        assertThat(RawTwilio.json(unavailable).get("code").asInt()).isEqualTo(20500);
    }

    @Test
    void injected_failures_are_used_up_in_the_order_they_were_asked_for() {
        sandbox = TwilioSandbox.start(SandboxConfig.defaults());
        RawTwilio raw = new RawTwilio(sandbox);
        sandbox.failNext(2, 503);
        sandbox.failNext(1, 429);

        assertThat(raw.createMessage(VALID).statusCode()).isEqualTo(503);
        assertThat(raw.createMessage(VALID).statusCode()).isEqualTo(503);
        assertThat(raw.createMessage(VALID).statusCode()).isEqualTo(429);
        assertThat(raw.createMessage(VALID).statusCode()).isEqualTo(201);
    }

    @Test
    void the_twilio_sdk_retries_server_errors_on_its_own_so_one_create_becomes_several_posts() {
        sandbox = TwilioSandbox.start(SandboxConfig.defaults());
        sandbox.failNext(10, 500);

        ApiException failed = catchThrowableOfType(ApiException.class, () -> Message.creator(
                new PhoneNumber("+15558675310"), new PhoneNumber("+15005550006"), "once?")
                .create(SandboxRoutingHttpClient.restClient(sandbox)));

        assertThat(failed.getStatusCode()).isEqualTo(500);
        assertThat(sandbox.createRequests()).isEqualTo(3);
        assertThat(sandbox.messagesCreated()).isZero();
    }

    @Test
    void failure_rate_one_answers_every_valid_create_with_500() {
        sandbox = TwilioSandbox.start(SandboxConfig.defaults().withFailureRate(1.0));
        RawTwilio raw = new RawTwilio(sandbox);

        for (int i = 0; i < 5; i++) {
            assertThat(raw.createMessage(VALID).statusCode()).isEqualTo(500);
        }
        assertThat(sandbox.createRequests()).isEqualTo(5);
        assertThat(sandbox.messagesCreated()).isZero();
    }

    @Test
    void failure_rate_fails_roughly_that_fraction_of_creates() {
        sandbox = TwilioSandbox.start(SandboxConfig.defaults().withFailureRate(0.3).withSeed(42));
        RawTwilio raw = new RawTwilio(sandbox);

        int failed = 0;
        for (int i = 0; i < 200; i++) {
            failed += raw.createMessage(VALID).statusCode() == 500 ? 1 : 0;
        }

        assertThat(failed).isBetween(35, 85);
        assertThat(sandbox.messagesCreated()).isEqualTo(200 - failed);
    }

    @Test
    void fail_next_refuses_a_status_that_is_not_an_error() {
        sandbox = TwilioSandbox.start(SandboxConfig.defaults());

        assertThatThrownBy(() -> sandbox.failNext(1, 201)).isInstanceOf(IllegalArgumentException.class);
    }
}
