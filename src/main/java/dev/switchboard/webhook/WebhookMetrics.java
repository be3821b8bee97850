package dev.switchboard.webhook;

import dev.switchboard.store.WebhookHistory;
import dev.switchboard.store.WebhookEndpoint;
import dev.switchboard.store.WebhookEndpoints;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * {@code switchboard_webhook_deliveries_total{endpoint,outcome}} (delivered, retry, failed; {@code endpoint} is the
 * endpoint's id, or {@code request} for requests' own URLs, which are unbounded), {@code switchboard_webhook_attempt_seconds},
 * {@code switchboard_webhook_disabled_total}, and, read from the database on a timer, never on scrape,
 * {@code switchboard_webhook_lag_seconds} (how long the oldest undelivered event has waited for an enabled endpoint)
 * and {@code switchboard_webhook_endpoints_disabled}.
 */
public final class WebhookMetrics {

    private final Supplier<MeterRegistry> meters;
    private final AtomicLong lagMillis = new AtomicLong();
    private final AtomicLong disabledEndpoints = new AtomicLong();
    private volatile MeterRegistry gauged;

    public WebhookMetrics(Supplier<MeterRegistry> meters) {
        this.meters = meters;
    }

    void delivered(WebhookEndpoint endpoint, String outcome, Duration took) {
        MeterRegistry registry = meters.get();
        if (registry != null) {
            String label = label(endpoint);
            Counter.builder("switchboard.webhook.deliveries").description("Webhook attempts by endpoint and outcome")
                    .tag("endpoint", label).tag("outcome", outcome).register(registry).increment();
            // Buckets, so the dashboard can show a percentile per endpoint; bounded to the attempt's time-out range.
            Timer.builder("switchboard.webhook.attempt").description("Webhook attempts, request to answer")
                    .tag("endpoint", label).publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(5)).maximumExpectedValue(Duration.ofSeconds(30))
                    .register(registry).record(took);
        }
    }

    void disabled(WebhookEndpoint endpoint) {
        MeterRegistry registry = meters.get();
        if (registry != null) {
            Counter.builder("switchboard.webhook.disabled").description("Webhook endpoints disabled after failures")
                    .tag("endpoint", label(endpoint)).register(registry).increment();
        }
    }

    private static String label(WebhookEndpoint endpoint) {
        return endpoint.origin().equals(WebhookEndpoint.REQUEST) ? "request" : endpoint.id();
    }

    /** Reads the gauges' values (timer route {@code webhook-housekeeping}). */
    public void refresh(WebhookHistory deliveries, WebhookEndpoints endpoints, Clock clock) {
        Instant oldest = deliveries.oldestPending();
        lagMillis.set(oldest == null ? 0 : Math.max(0, Duration.between(oldest, clock.instant()).toMillis()));
        disabledEndpoints.set(endpoints.list().stream().filter(e -> !e.enabled()).count());
        MeterRegistry registry = meters.get();
        if (registry != null && gauged != registry) {
            gauged = registry;
            Gauge.builder("switchboard.webhook.lag.seconds", lagMillis, v -> v.get() / 1000.0)
                    .description("How long the oldest undelivered webhook event has waited (enabled endpoints)")
                    .register(registry);
            Gauge.builder("switchboard.webhook.endpoints.disabled", disabledEndpoints, AtomicLong::get)
                    .description("Webhook endpoints disabled after failures").register(registry);
        }
    }

    Duration lag() {
        return Duration.ofMillis(lagMillis.get());
    }
}
