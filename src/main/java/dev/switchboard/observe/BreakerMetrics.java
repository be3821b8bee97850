package dev.switchboard.observe;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.function.Supplier;

/**
 * The Twilio breaker for Prometheus: {@code switchboard_breaker_state{state}} (1 for the current state, else 0) and
 * {@code switchboard_breaker_transitions_total{from,to}}.
 */
public final class BreakerMetrics {

    private final CircuitBreaker breaker;
    private final Supplier<MeterRegistry> meters;
    private volatile MeterRegistry registered;

    public BreakerMetrics(CircuitBreaker breaker, Supplier<MeterRegistry> meters) {
        this.breaker = breaker;
        this.meters = meters;
        breaker.getEventPublisher().onStateTransition(e -> {
            MeterRegistry registry = meters.get();
            if (registry != null) {
                Counter.builder("switchboard.breaker.transitions").description("Circuit breaker state changes")
                        .tag("from", e.getStateTransition().getFromState().name().toLowerCase())
                        .tag("to", e.getStateTransition().getToState().name().toLowerCase())
                        .register(registry).increment();
            }
        });
    }

    /** Registers the state gauges once Camel's registry exists (called by the metrics refresh). */
    public void register() {
        MeterRegistry registry = meters.get();
        if (registry == null || registered == registry) {
            return;
        }
        for (CircuitBreaker.State state : CircuitBreaker.State.values()) {
            Gauge.builder("switchboard.breaker.state", breaker, b -> b.getState() == state ? 1 : 0)
                    .description("1 for the Twilio circuit breaker's current state").tag("state", state.name().toLowerCase())
                    .register(registry);
        }
        registered = registry;
    }
}
