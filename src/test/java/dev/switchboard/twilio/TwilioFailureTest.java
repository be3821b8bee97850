package dev.switchboard.twilio;

import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.apache.camel.RuntimeCamelException;
import org.junit.jupiter.api.Test;

import org.apache.http.HttpHost;
import org.apache.http.NoHttpResponseException;
import org.apache.http.conn.ConnectTimeoutException;
import org.apache.http.conn.HttpHostConnectException;

import java.lang.reflect.InvocationTargetException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

import static org.assertj.core.api.Assertions.assertThat;

class TwilioFailureTest {

    /** camel-twilio wraps the SDK's exception twice (FACTS.md). */
    private static RuntimeException wrapped(Throwable t) {
        return new RuntimeCamelException(new InvocationTargetException(t));
    }

    private static ApiException api(int status, int code) {
        return new ApiException("twilio says " + code, code, null, status, null);
    }

    @Test
    void server_errors_are_transient_and_count_against_twilio() {
        for (Throwable t : new Throwable[] {wrapped(api(500, 20500)), wrapped(api(503, 20503))}) {
            assertThat(TwilioFailure.classify(t).kind()).isEqualTo(TwilioFailure.Kind.TRANSIENT);
            assertThat(TwilioFailure.countsAgainstTwilio(t)).isTrue();
        }
    }

    @Test
    void a_429_slows_the_sender_down_and_does_not_count_against_twilio() {
        for (Throwable t : new Throwable[] {wrapped(api(429, 20429)), wrapped(api(400, 20429))}) {
            assertThat(TwilioFailure.classify(t).kind()).isEqualTo(TwilioFailure.Kind.SLOW_DOWN);
            assertThat(TwilioFailure.countsAgainstTwilio(t)).isFalse();
        }
    }

    @Test
    void connection_errors_are_transient_and_count_against_twilio() {
        RuntimeException t = wrapped(new ApiConnectionException("connect timed out"));

        assertThat(TwilioFailure.classify(t).kind()).isEqualTo(TwilioFailure.Kind.TRANSIENT);
        assertThat(TwilioFailure.countsAgainstTwilio(t)).isTrue();
    }

    @Test
    void bad_request_is_permanent_with_twilios_code_and_never_opens_the_breaker() {
        RuntimeException t = wrapped(api(400, 21211));

        TwilioFailure f = TwilioFailure.classify(t);

        assertThat(f.kind()).isEqualTo(TwilioFailure.Kind.PERMANENT);
        assertThat(f.errorCode()).isEqualTo(21211);
        assertThat(f.httpStatus()).isEqualTo(400);
        assertThat(TwilioFailure.countsAgainstTwilio(t)).isFalse();
    }

    @Test
    void bad_credentials_keep_the_message_for_a_retry_but_do_not_open_the_breaker() {
        RuntimeException t = wrapped(api(401, 20003));

        assertThat(TwilioFailure.classify(t).kind()).isEqualTo(TwilioFailure.Kind.TRANSIENT);
        assertThat(TwilioFailure.countsAgainstTwilio(t)).isFalse();
    }

    @Test
    void open_breaker_means_not_attempted() {
        CircuitBreaker breaker = CircuitBreaker.ofDefaults("test");
        breaker.transitionToOpenState();

        TwilioFailure f = TwilioFailure.classify(CallNotPermittedException.createCallNotPermittedException(breaker));

        assertThat(f.kind()).isEqualTo(TwilioFailure.Kind.BREAKER_OPEN);
    }

    /** How the SDK reports an I/O failure: an ApiException without status, the IOException as its cause. */
    private static RuntimeException io(Throwable cause) {
        return wrapped(new ApiException(cause.getMessage(), cause));
    }

    @Test
    void refused_unknown_host_and_connect_timeout_never_reached_twilio() {
        for (Throwable t : new Throwable[] {io(new HttpHostConnectException(new ConnectException("Connection refused"),
                new HttpHost("127.0.0.1", 1))), io(new UnknownHostException("twilio.invalid")),
                io(new ConnectTimeoutException("connect timed out"))}) {
            TwilioFailure f = TwilioFailure.classify(t);
            assertThat(f.notReached()).as(t.getCause().getCause().toString()).isTrue();
            assertThat(f.ambiguous()).isFalse();
            assertThat(TwilioFailure.countsAgainstTwilio(t)).isTrue();
        }
    }

    @Test
    void read_timeout_reset_and_server_errors_may_have_created_the_message() {
        for (Throwable t : new Throwable[] {io(new SocketTimeoutException("Read timed out")),
                io(new SocketException("Connection reset")), io(new NoHttpResponseException("no response")),
                wrapped(api(500, 20500)), wrapped(api(502, 20500)), wrapped(api(503, 20503)), wrapped(api(504, 20504))}) {
            TwilioFailure f = TwilioFailure.classify(t);
            assertThat(f.ambiguous()).as(String.valueOf(t.getCause().getCause())).isTrue();
            assertThat(f.kind()).isEqualTo(TwilioFailure.Kind.TRANSIENT);
        }
    }

    @Test
    void too_many_requests_was_refused_and_is_not_ambiguous() {
        assertThat(TwilioFailure.classify(wrapped(api(429, 20429))).ambiguous()).isFalse();
        assertThat(TwilioFailure.classify(wrapped(api(400, 20429))).ambiguous()).isFalse();
        assertThat(TwilioFailure.classify(wrapped(api(400, 21211))).ambiguous()).isFalse();
    }
}
