package dev.switchboard.webhook;

import dev.switchboard.store.WebhookHistory;
import dev.switchboard.store.WebhookEndpoints;

import java.time.Clock;
import java.time.Duration;

/** Every few seconds: the webhook gauges; and events older than the retention period erased with their deliveries. */
public final class WebhookHousekeeping {

    private static final int PURGE_BATCH = 1000;

    private final WebhookHistory deliveries;
    private final WebhookEndpoints endpoints;
    private final WebhookMetrics metrics;
    private final Duration keep;
    private final Clock clock;

    WebhookHousekeeping(WebhookHistory deliveries, WebhookEndpoints endpoints, WebhookMetrics metrics, Duration keep,
                        Clock clock) {
        this.deliveries = deliveries;
        this.endpoints = endpoints;
        this.metrics = metrics;
        this.keep = keep;
        this.clock = clock;
    }

    public void run() {
        metrics.refresh(deliveries, endpoints, clock);
        if (keep != null) {
            deliveries.purge(clock.instant().minus(keep), PURGE_BATCH);
        }
    }
}
