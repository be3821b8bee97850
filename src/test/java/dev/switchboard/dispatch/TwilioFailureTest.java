package dev.switchboard.dispatch;

import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.apache.camel.RuntimeCamelException;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;

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
    void server_errors_and_429_are_transient_and_count_against_twilio() {
        for (Throwable t : new Throwable[] {wrapped(api(500, 20500)), wrapped(api(503, 20503)), wrapped(api(429, 20429))}) {
            assertThat(TwilioFailure.classify(t).kind()).isEqualTo(TwilioFailure.Kind.TRANSIENT);
            assertThat(TwilioFailure.countsAgainstTwilio(t)).isTrue();
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
}
