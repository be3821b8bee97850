package dev.switchboard.observe;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import javax.sql.DataSource;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * {@code switchboard_database_up}: 1 when the last check could open a valid connection to the database, 0 when it
 * could not. Read on the metrics timer (route {@code refresh-metrics}), so Prometheus sees a database outage even
 * though its readiness probe is not something Prometheus scrapes; the alert "database unavailable" rests on it.
 */
public final class DatabaseUpMetric {

    private final DataSource dataSource;
    private final Supplier<MeterRegistry> meters;
    private final AtomicInteger up = new AtomicInteger(1);
    private volatile MeterRegistry registered;

    public DatabaseUpMetric(DataSource dataSource, Supplier<MeterRegistry> meters) {
        this.dataSource = dataSource;
        this.meters = meters;
    }

    /** Checks the database and sets the gauge; never throws, so the gauges read after it still get their turn. */
    public void refresh() {
        MeterRegistry registry = meters.get();
        if (registry != null && registered != registry) {
            Gauge.builder("switchboard.database.up", up, AtomicInteger::get)
                    .description("1 when Switchboard can reach its database, 0 when it cannot").register(registry);
            registered = registry;
        }
        up.set(DatabaseHealthCheck.reachable(dataSource) == null ? 1 : 0);
    }
}
