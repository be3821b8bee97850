package dev.switchboard.twilio;

import dev.switchboard.settings.Settings;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;

import java.time.Duration;

/** The circuit breaker around Twilio: it opens on 5xx, 429, time-outs and connection errors, never on a bad request. */
public final class Breakers {

    private Breakers() {
    }

    public static CircuitBreaker twilio(Settings s) {
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(s.getInt("switchboard.breaker.window", 20))
                .minimumNumberOfCalls(s.getInt("switchboard.breaker.min-calls", 10))
                .failureRateThreshold((float) s.getDouble("switchboard.breaker.failure-rate", 50))
                .waitDurationInOpenState(Duration.ofMillis(s.getLong("switchboard.breaker.open-ms", 30_000)))
                .permittedNumberOfCallsInHalfOpenState(s.getInt("switchboard.breaker.half-open-calls", 3))
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .recordException(TwilioFailure::countsAgainstTwilio)
                .build();
        return CircuitBreaker.of("twilio", config);
    }
}
