package dev.switchboard.twilio;

import com.twilio.exception.ApiException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.type.PhoneNumber;
import dev.switchboard.sandbox.SandboxConfig;
import dev.switchboard.sandbox.TwilioSandbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The SDK alone resends a 5xx create three times; through this client it is sent exactly once. */
class RetrylessHttpClientTest {

    private TwilioSandbox sandbox;
    private TwilioRestClient client;

    @BeforeEach
    void start() {
        sandbox = TwilioSandbox.start(SandboxConfig.defaults());
        client = new TwilioRestClient.Builder(sandbox.config().accountSid(), sandbox.config().authToken())
                .httpClient(new RetrylessHttpClient(sandbox.baseUrl(), 2_000, 5_000, 4))
                .build();
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void a_500_on_create_is_posted_once_not_three_times() {
        sandbox.failNext(1, 500);

        assertThatThrownBy(() -> create("+14155550100"))
                .isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).getStatusCode()).isEqualTo(500));
        assertThat(sandbox.createRequests()).isEqualTo(1);
        assertThat(sandbox.messagesCreated()).isZero();
    }

    @Test
    void requests_for_twilio_hosts_reach_the_base_url_with_credentials_and_parameters() {
        Message m = create("+14155550100");

        assertThat(m.getSid()).startsWith("SM");
        assertThat(sandbox.createdParams().get(0)).containsEntry("To", "+14155550100").containsEntry("Body", "hi");
    }

    @Test
    void twilio_error_codes_come_back_as_api_exceptions() {
        assertThatThrownBy(() -> create("+15005550001"))
                .isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).getCode()).isEqualTo(21211));
    }

    private Message create(String to) {
        return Message.creator(new PhoneNumber(to), new PhoneNumber("+15005550006"), "hi").create(client);
    }
}
