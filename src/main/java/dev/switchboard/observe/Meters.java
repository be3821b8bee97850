package dev.switchboard.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Switchboard's event counters and latency histograms, all with low-cardinality labels (never a phone number or an
 * id): {@code switchboard_accepted_total{source}}, {@code switchboard_callbacks_total{endpoint,result}},
 * {@code switchboard_consent_changes_total{state,source,keyword}}, {@code switchboard_reconciliations_total{outcome}},
 * {@code switchboard_limit_refusals_total{code,scope}},
 * {@code switchboard_dispatch_seconds} and
 * {@code switchboard_twilio_request_seconds{operation,outcome}}. Before Camel's registry exists, events are not counted.
 */
public final class Meters {

    /** Counts nothing: for code built without a running Switchboard (unit tests). */
    public static final Meters NONE = new Meters(() -> null);

    private final Supplier<MeterRegistry> meters;

    /** {@code meters} is looked up when needed: Camel creates its registry after the beans. */
    public Meters(Supplier<MeterRegistry> meters) {
        this.meters = meters;
    }

    /** Requests committed at the front door (not idempotent replays) from one source. */
    public void accepted(String source, long count) {
        MeterRegistry registry = meters.get();
        if (registry != null && count > 0) {
            Counter.builder("switchboard.accepted").description("Requests accepted at the front door, by source")
                    .tag("source", source == null ? "unknown" : source).register(registry).increment(count);
        }
    }

    /** A Twilio webhook's result: ok, forged, replay or unknown_sid. */
    public void callback(String endpoint, String result) {
        MeterRegistry registry = meters.get();
        if (registry != null) {
            Counter.builder("switchboard.callbacks").description("Twilio webhooks by endpoint and result")
                    .tag("endpoint", endpoint).tag("result", result).register(registry).increment();
        }
    }

    /** A committed consent change; {@code keyword} is the normalised keyword or null. */
    public void consentChange(String state, String source, String keyword) {
        MeterRegistry registry = meters.get();
        if (registry != null) {
            Counter.builder("switchboard.consent.changes").description("Consent changes by new state, source and keyword")
                    .tag("state", state).tag("source", source == null ? "unknown" : source)
                    .tag("keyword", keyword == null || keyword.isBlank() ? "none" : keyword.toLowerCase(java.util.Locale.ROOT))
                    .register(registry).increment();
        }
    }

    /** From claiming a message or call in the outbox to settling it with Twilio's answer. */
    public void dispatched(Duration took) {
        MeterRegistry registry = meters.get();
        if (registry != null) {
            Timer.builder("switchboard.dispatch").description("From claiming a message in the outbox to settling it")
                    .publishPercentileHistogram().register(registry).record(took);
        }
    }

    /** One create request to Twilio ({@code operation} message or call; {@code outcome} ok, rejected or error). */
    public void twilioRequest(String operation, String outcome, Duration took) {
        MeterRegistry registry = meters.get();
        if (registry != null) {
            Timer.builder("switchboard.twilio.request").description("Twilio create requests by operation and outcome")
                    .tag("operation", operation).tag("outcome", outcome)
                    .publishPercentileHistogram().register(registry).record(took);
        }
    }

    /**
     * One turn of a message whose earlier attempt has no known outcome: {@code found} (adopted, not resent),
     * {@code not_found} (sent now), {@code deferred} (lookup budget spent), {@code lookup_failed}, {@code breaker_open}
     * or {@code gave_up}. The last four are a message that did not progress this time; each also says why in its history.
     */
    public void reconciliation(String outcome) {
        MeterRegistry registry = meters.get();
        if (registry != null) {
            Counter.builder("switchboard.reconciliations")
                    .description("Turns of messages whose earlier attempt has no known outcome, by outcome")
                    .tag("outcome", outcome).register(registry).increment();
        }
    }

    /**
     * A new request refused by one of the account's limits: {@code code} {@code destination_velocity} (scope
     * {@code prefix} or {@code country}) or {@code daily_limit_reached} (scope {@code daily}).
     */
    public void limitRefusal(String code, String scope) {
        MeterRegistry registry = meters.get();
        if (registry != null) {
            Counter.builder("switchboard.limit.refusals")
                    .description("New requests refused by a velocity limit or the daily budget, by code and scope")
                    .tag("code", code).tag("scope", scope).register(registry).increment();
        }
    }

    /**
     * A fetch by SID of a message or call Twilio has not reported final (lost callbacks): {@code updated} (its status
     * moved), {@code unchanged}, {@code gave_up} (unchanged, and no further fetch is scheduled), {@code not_found} or
     * {@code failed} (Twilio unreachable or the breaker open: the run stops and the message stays due).
     */
    public void statusFetch(String outcome) {
        MeterRegistry registry = meters.get();
        if (registry != null) {
            Counter.builder("switchboard.status.fetches")
                    .description("Fetches by SID of messages and calls still not final after their last status change")
                    .tag("outcome", outcome).register(registry).increment();
        }
    }
}
