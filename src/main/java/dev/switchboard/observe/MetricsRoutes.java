package dev.switchboard.observe;

import dev.switchboard.settings.Settings;
import org.apache.camel.builder.RouteBuilder;

/** Refreshes the database-backed gauges on a timer, so a Prometheus scrape never queries the database. */
public final class MetricsRoutes extends RouteBuilder {

    private final Settings settings;

    public MetricsRoutes(Settings settings) {
        this.settings = settings;
    }

    @Override
    public void configure() {
        long period = settings.getLong("switchboard.metrics.refresh-ms", 15_000);
        from("timer:refresh-metrics?period=" + period).routeId("refresh-metrics")
                .routeDescription("Reads message counts and the outbox backlog into the Prometheus gauges")
                .bean("breakerMetrics", "register")
                .bean("databaseUpMetric", "refresh")
                .bean("outboxMetrics", "refresh");
    }
}
