package dev.switchboard.observe;

import dev.switchboard.store.OpsStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Gauges read from the database on a timer (route {@code refresh-metrics}), never on scrape:
 * {@code switchboard_messages{channel,status}}, {@code switchboard_outbox_depth}, {@code switchboard_outbox_oldest_due_seconds}.
 */
public final class OutboxMetrics {

    static final Duration WINDOW = Duration.ofHours(1);

    private final OpsStore ops;
    private final Supplier<MeterRegistry> meters;
    private final Clock clock;
    private final Map<String, AtomicLong> messages = new ConcurrentHashMap<>();
    private final AtomicLong depth = new AtomicLong();
    private final AtomicLong oldestDueMillis = new AtomicLong();
    private volatile MeterRegistry registered;

    public OutboxMetrics(OpsStore ops, Supplier<MeterRegistry> meters, Clock clock) {
        this.ops = ops;
        this.meters = meters;
        this.clock = clock;
    }

    /** Outbox rows at the last refresh. */
    public long depth() {
        return depth.get();
    }

    /** How long the oldest due row had waited at the last refresh. */
    public Duration oldestDueAge() {
        return Duration.ofMillis(oldestDueMillis.get());
    }

    public void refresh() {
        MeterRegistry registry = meters.get();
        if (registry != null && registered != registry) {
            Gauge.builder("switchboard.outbox.depth", depth, AtomicLong::get)
                    .description("Messages in the outbox: waiting, scheduled, backing off or claimed").register(registry);
            Gauge.builder("switchboard.outbox.oldest.due", oldestDueMillis, v -> v.get() / 1000.0).baseUnit("seconds")
                    .description("How long the oldest due message has been waiting").register(registry);
            registered = registry;
        }
        OpsStore.Backlog backlog = ops.backlog(clock.instant());
        depth.set(backlog.depth());
        oldestDueMillis.set(backlog.oldestDueAge().toMillis());
        if (registry == null) {
            return;
        }
        messages.values().forEach(v -> v.set(0)); // a combination that emptied reads 0, not its last value
        // The last hour, not all time: a count over every message ever stored grew with the table, every refresh.
        for (OpsStore.Count c : ops.countsSince(clock.instant().minus(WINDOW))) {
            messages.computeIfAbsent(c.channel() + "|" + c.status(), k -> {
                AtomicLong value = new AtomicLong();
                Gauge.builder("switchboard.messages", value, AtomicLong::get)
                        .description("Messages created in the last hour by channel and current status")
                        .tags(Tags.of("channel", c.channel(), "status", c.status())).register(registry);
                return value;
            }).set(c.count());
        }
    }
}
