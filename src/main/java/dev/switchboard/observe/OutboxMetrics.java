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
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Gauges read from the database on a timer (route {@code refresh-metrics}), never on scrape:
 * {@code switchboard_messages{channel,status}}, {@code switchboard_message_errors{channel,code}},
 * {@code switchboard_outbox_depth}, {@code switchboard_outbox_oldest_due_seconds},
 * and per priority lane {@code switchboard_outbox_lane_depth{priority}}, {@code switchboard_outbox_lane_oldest_due_seconds{priority}}.
 *
 * <p>The counts grow with the outbox: with ten million rows waiting (a 10,000,000-row file just imported), one
 * refresh costs the database seconds of CPU. A refresh that took {@code d} lets the next one run no sooner than
 * {@link #COST_FACTOR} × {@code d} after it started (timer ticks before that are skipped), so the gauges never
 * take more than about 1/{@value #COST_FACTOR} of a database core; they refresh less often instead.
 */
public final class OutboxMetrics {

    static final Duration WINDOW = Duration.ofHours(1);

    static final int COST_FACTOR = 20;

    private final OpsStore ops;
    private final Supplier<MeterRegistry> meters;
    private final Clock clock;
    private final Map<String, AtomicLong> messages = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
    private final AtomicLong depth = new AtomicLong();
    private final AtomicLong oldestDueMillis = new AtomicLong();
    private final Map<String, AtomicLong> laneDepth = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> laneOldestDueMillis = new ConcurrentHashMap<>();
    private final LongSupplier nanoTime;
    private volatile MeterRegistry registered;
    private volatile boolean refreshed;
    private volatile long nextRefreshNanos;

    public OutboxMetrics(OpsStore ops, Supplier<MeterRegistry> meters, Clock clock) {
        this(ops, meters, clock, System::nanoTime);
    }

    OutboxMetrics(OpsStore ops, Supplier<MeterRegistry> meters, Clock clock, LongSupplier nanoTime) {
        this.ops = ops;
        this.meters = meters;
        this.clock = clock;
        this.nanoTime = nanoTime;
    }

    /** Outbox rows at the last refresh. */
    public long depth() {
        return depth.get();
    }

    /** How long the oldest due row had waited at the last refresh. */
    public Duration oldestDueAge() {
        return Duration.ofMillis(oldestDueMillis.get());
    }

    /**
     * Reads the gauges anew, unless the last refresh was costly enough that it is not yet due again. A refresh that
     * failed (the database unreachable: its time went on waiting, not on the database) sets no back-off.
     */
    public void refresh() {
        long started = nanoTime.getAsLong();
        if (refreshed && started - nextRefreshNanos < 0) {
            return;
        }
        read();
        nextRefreshNanos = started + COST_FACTOR * (nanoTime.getAsLong() - started);
        refreshed = true;
    }

    private void read() {
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
        backlog.lanes().forEach((priority, lane) -> {
            laneDepth.computeIfAbsent(priority, p -> {
                AtomicLong v = new AtomicLong();
                Gauge.builder("switchboard.outbox.lane.depth", v, AtomicLong::get).tags(Tags.of("priority", p))
                        .description("Messages in the outbox by priority lane").register(registry);
                AtomicLong age = new AtomicLong();
                Gauge.builder("switchboard.outbox.lane.oldest.due", age, a -> a.get() / 1000.0).baseUnit("seconds")
                        .tags(Tags.of("priority", p))
                        .description("How long the oldest due message of the lane has been waiting").register(registry);
                laneOldestDueMillis.put(p, age);
                return v;
            }).set(lane.depth());
            laneOldestDueMillis.get(priority).set(lane.oldestDueAge().toMillis());
        });
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
        errors.values().forEach(v -> v.set(0));
        for (OpsStore.ErrorCount e : ops.errorCodesSince(clock.instant().minus(WINDOW))) {
            errors.computeIfAbsent(e.channel() + "|" + e.code(), k -> {
                AtomicLong value = new AtomicLong();
                Gauge.builder("switchboard.message.errors", value, AtomicLong::get)
                        .description("Messages created in the last hour that carry a Twilio error code, by channel and code")
                        .tags(Tags.of("channel", e.channel(), "code", String.valueOf(e.code()))).register(registry);
                return value;
            }).set(e.count());
        }
    }
}
