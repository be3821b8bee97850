package dev.switchboard.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a message or call Twilio has taken but not reported final is fetched by SID (a lost callback, a webhook
 * outage, a crash): {@code first} after its last status change, then 1 h, 6 h and 24 h after it, then once a day,
 * until {@code giveUp} after it. A fetch that finds a new status starts the schedule again from that change.
 */
public record CheckSchedule(Duration first, Duration giveUp) {

    /** The steps after {@code first} (offsets from the last status change); then one a day. */
    private static final Duration[] STEPS = {Duration.ofHours(1), Duration.ofHours(6), Duration.ofHours(24)};
    private static final Duration DAILY = Duration.ofDays(1);
    /** 10 minutes and 3 days: the defaults of {@code switchboard.reconcile.after-ms} and {@code .give-up-ms}. */
    public static final CheckSchedule DEFAULT = new CheckSchedule(Duration.ofMinutes(10), Duration.ofDays(3));

    public CheckSchedule {
        if (first.isNegative() || first.isZero()) {
            throw new IllegalArgumentException("switchboard.reconcile.after-ms must be positive, not " + first.toMillis());
        }
        if (giveUp.compareTo(first) < 0) {
            throw new IllegalArgumentException("switchboard.reconcile.give-up-ms (" + giveUp.toMillis()
                    + ") must not be shorter than switchboard.reconcile.after-ms (" + first.toMillis() + ")");
        }
    }

    /** The first fetch after a status change at {@code change}; none once the status is final. */
    public Instant firstAfter(Instant change, boolean isFinal) {
        return isFinal ? null : change.plus(first);
    }

    /**
     * The next fetch of a message whose status last changed at {@code change}, fetched at {@code now} and found
     * unchanged: the first step after {@code now}; empty once past {@code giveUp} (left as it is).
     */
    public Optional<Instant> next(Instant change, Instant now) {
        Duration elapsed = Duration.between(change, now);
        Duration offset = first;
        int i = 0;
        while (offset.compareTo(elapsed) <= 0) {
            offset = i < STEPS.length ? STEPS[i++] : offset.plus(DAILY);
        }
        if (offset.compareTo(giveUp) > 0) {
            // The last fetch is at giveUp itself, unless that moment has passed.
            return giveUp.compareTo(elapsed) > 0 ? Optional.of(change.plus(giveUp)) : Optional.empty();
        }
        return Optional.of(change.plus(offset));
    }
}
