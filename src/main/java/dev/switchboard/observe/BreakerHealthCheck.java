package dev.switchboard.observe;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.util.Map;

/**
 * The Twilio circuit breaker's state, for operators. Always UP: with Twilio down Switchboard still
 * accepts and keeps requests, so it must stay in the load balancer; the detail says dispatch paused.
 */
public final class BreakerHealthCheck extends AbstractHealthCheck {

    private final CircuitBreaker breaker;

    public BreakerHealthCheck(CircuitBreaker breaker) {
        super("switchboard", "twilio-breaker");
        this.breaker = breaker;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        CircuitBreaker.State state = breaker.getState();
        builder.detail("state", state.name());
        builder.detail("failureRate", breaker.getMetrics().getFailureRate());
        if (state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN) {
            builder.message("Twilio circuit breaker open: dispatch paused, requests still accepted");
        }
        builder.up();
    }
}
