package dev.switchboard.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.security.RequestValidator;
import com.twilio.type.PhoneNumber;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StatusCallbackTest {

    private static final PhoneNumber FROM = new PhoneNumber("+15005550006");
    private static final PhoneNumber TO = new PhoneNumber("+15558675310");
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private CallbackReceiver receiver;
    private TwilioSandbox sandbox;

    @BeforeEach
    void startReceiver() {
        receiver = CallbackReceiver.start();
    }

    @AfterEach
    void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
        receiver.close();
    }

    private Message send(SandboxConfig config) {
        sandbox = TwilioSandbox.start(config.withCallbackDelayMillis(20));
        return Message.creator(TO, FROM, "status please")
                .setStatusCallback(URI.create(receiver.url()))
                .create(client());
    }

    private TwilioRestClient client() {
        return SandboxRoutingHttpClient.restClient(sandbox);
    }

    private List<CallbackReceiver.Callback> awaitCallbacks(int count) {
        await().atMost(PATIENCE).until(() -> receiver.received().size() >= count);
        return receiver.received();
    }

    @Test
    void callbacks_arrive_signed_in_order_sent_then_delivered() {
        Message message = send(SandboxConfig.defaults());

        List<CallbackReceiver.Callback> callbacks = awaitCallbacks(2);

        assertThat(callbacks).extracting(CallbackReceiver.Callback::status).containsExactly("sent", "delivered");
        RequestValidator validator = new RequestValidator(sandbox.config().authToken());
        for (CallbackReceiver.Callback callback : callbacks) {
            assertThat(callback.url()).isEqualTo(receiver.url());
            assertThat(validator.validate(callback.url(), callback.params(), callback.header("X-Twilio-Signature")))
                    .as("signature of the %s callback", callback.status())
                    .isTrue();
            assertThat(callback.params()).containsEntry("MessageSid", message.getSid())
                    .containsEntry("SmsSid", message.getSid())
                    .containsEntry("SmsStatus", callback.status())
                    .containsEntry("AccountSid", sandbox.config().accountSid())
                    .containsEntry("ApiVersion", "2010-04-01")
                    .containsEntry("From", FROM.toString())
                    .containsEntry("To", TO.toString())
                    .doesNotContainKey("ErrorCode");
        }
        await().atMost(PATIENCE).until(() -> sandbox.callbacksSent() == 2);
        assertThat(sandbox.callbacksFailed()).isZero();
    }

    @Test
    void a_forged_signature_would_be_caught_by_the_receiver() {
        send(SandboxConfig.defaults());

        CallbackReceiver.Callback callback = awaitCallbacks(1).get(0);

        assertThat(new RequestValidator("not-the-token").validate(callback.url(), callback.params(),
                callback.header("X-Twilio-Signature"))).isFalse();
    }

    @Test
    void callbacks_carry_twilios_headers_and_one_idempotency_token_per_event() {
        send(SandboxConfig.defaults());

        List<CallbackReceiver.Callback> callbacks = awaitCallbacks(2);

        assertThat(callbacks).allSatisfy(callback -> {
            assertThat(callback.header("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
            assertThat(callback.header("User-Agent")).isEqualTo("TwilioProxy/1.1");
            assertThat(callback.header("I-Twilio-Idempotency-Token")).isNotBlank();
        });
        assertThat(callbacks).extracting(c -> c.header("I-Twilio-Idempotency-Token")).doesNotHaveDuplicates();
    }

    @Test
    void fetch_shows_the_status_the_last_callback_reported() {
        Message message = send(SandboxConfig.defaults());

        awaitCallbacks(2);

        assertThat(Message.fetcher(message.getSid()).fetch(client()).getStatus())
                .isEqualTo(Message.Status.DELIVERED);
    }

    @Test
    void out_of_order_rate_one_sends_delivered_before_sent_and_keeps_the_message_delivered() {
        Message message = send(SandboxConfig.defaults().withOutOfOrderRate(1.0));

        List<CallbackReceiver.Callback> callbacks = awaitCallbacks(2);

        assertThat(callbacks).extracting(CallbackReceiver.Callback::status).containsExactly("delivered", "sent");
        assertThat(Message.fetcher(message.getSid()).fetch(client()).getStatus())
                .isEqualTo(Message.Status.DELIVERED);
    }

    @Test
    void undelivered_rate_one_reports_undelivered_with_error_code_30003() {
        Message message = send(SandboxConfig.defaults().withUndeliveredRate(1.0));

        List<CallbackReceiver.Callback> callbacks = awaitCallbacks(2);

        assertThat(callbacks).extracting(CallbackReceiver.Callback::status).containsExactly("sent", "undelivered");
        assertThat(callbacks.get(1).params()).containsEntry("ErrorCode", "30003");
        assertThat(callbacks.get(0).params()).doesNotContainKey("ErrorCode");
        Message fetched = Message.fetcher(message.getSid()).fetch(client());
        assertThat(fetched.getStatus()).isEqualTo(Message.Status.UNDELIVERED);
        assertThat(fetched.getErrorCode()).isEqualTo(30003);
        assertThat(fetched.getErrorMessage()).isNotBlank();
    }

    @Test
    void a_messaging_service_sid_is_reported_in_the_callbacks() {
        sandbox = TwilioSandbox.start(SandboxConfig.defaults().withCallbackDelayMillis(20));
        Message.creator(TO, "MG" + "1".repeat(32), "via service")
                .setStatusCallback(URI.create(receiver.url()))
                .create(client());

        assertThat(awaitCallbacks(2)).allSatisfy(callback ->
                assertThat(callback.params()).containsEntry("MessagingServiceSid", "MG" + "1".repeat(32)));
    }

    @Test
    void a_message_without_status_callback_still_moves_on_to_delivered() {
        sandbox = TwilioSandbox.start(SandboxConfig.defaults().withCallbackDelayMillis(20));
        Message message = Message.creator(TO, FROM, "no callback").create(client());

        await().atMost(PATIENCE).until(() -> Message.fetcher(message.getSid()).fetch(client()).getStatus()
                == Message.Status.DELIVERED);
        assertThat(sandbox.callbacksSent() + sandbox.callbacksFailed()).isZero();
    }

    @Test
    void a_refused_callback_connection_is_counted_as_failed_and_the_sandbox_keeps_serving() {
        String deadUrl = receiver.url();
        receiver.close();
        sandbox = TwilioSandbox.start(SandboxConfig.defaults().withCallbackDelayMillis(20));

        Message.creator(TO, FROM, "nobody listens").setStatusCallback(URI.create(deadUrl)).create(client());

        await().atMost(PATIENCE).until(() -> sandbox.callbacksFailed() == 2);
        assertThat(sandbox.callbacksSent()).isZero();
        assertThat(Message.creator(TO, FROM, "still here").create(client()).getStatus())
                .isEqualTo(Message.Status.QUEUED);
    }

    @Test
    void a_non_2xx_answer_to_a_callback_is_counted_as_failed() {
        receiver.answerWith(500);

        send(SandboxConfig.defaults());

        await().atMost(PATIENCE).until(() -> sandbox.callbacksFailed() == 2);
        assertThat(receiver.received()).hasSize(2);
        assertThat(sandbox.callbacksSent()).isZero();
    }

    @Test
    void a_connection_override_fragment_is_neither_sent_nor_signed() {
        sandbox = TwilioSandbox.start(SandboxConfig.defaults().withCallbackDelayMillis(20));
        Message.creator(TO, FROM, "fragment")
                .setStatusCallback(URI.create(receiver.url() + "#ct=1000&rt=2000"))
                .create(client());

        CallbackReceiver.Callback callback = awaitCallbacks(1).get(0);

        assertThat(callback.url()).isEqualTo(receiver.url());
        assertThat(new RequestValidator(sandbox.config().authToken()).validate(receiver.url(), callback.params(),
                callback.header("X-Twilio-Signature"))).isTrue();
    }

    @Test
    void created_params_show_what_the_sdk_sent() {
        send(SandboxConfig.defaults());

        assertThat(sandbox.createdParams()).singleElement().satisfies(params -> assertThat(params)
                .isEqualTo(Map.of("To", TO.toString(), "From", FROM.toString(), "Body", "status please",
                        "StatusCallback", receiver.url())));
    }
}
