package dev.switchboard.observe;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.time.Duration;
import java.util.Map;

/**
 * The outbox's depth and the age of its oldest due row, as last read by {@link OutboxMetrics} (no query per call).
 * Always UP: a backlog (Twilio down, a low rate) is no reason to stop accepting; above the threshold
 * ({@code SWITCHBOARD_HEALTH_OUTBOX_LAG_MS}) the details say {@code lagging: true}.
 */
public final class OutboxLagHealthCheck extends AbstractHealthCheck {

    private final OutboxMetrics outbox;
    private final Duration threshold;

    public OutboxLagHealthCheck(OutboxMetrics outbox, Duration threshold) {
        super("switchboard", "outbox-lag");
        this.outbox = outbox;
        this.threshold = threshold;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Duration age = outbox.oldestDueAge();
        boolean lagging = age.compareTo(threshold) > 0;
        builder.detail("depth", outbox.depth());
        builder.detail("oldestDueSeconds", age.toMillis() / 1000.0);
        builder.detail("thresholdSeconds", threshold.toMillis() / 1000.0);
        builder.detail("lagging", lagging);
        if (lagging) {
            builder.message("outbox lagging: the oldest due message has waited " + age.toSeconds()
                    + " s; requests are still accepted");
        }
        builder.up();
    }
}
