package dev.switchboard.dispatch;

import dev.switchboard.domain.Vars;
import dev.switchboard.store.Claim;
import dev.switchboard.store.Pacing;
import dev.switchboard.store.SendSlots;
import dev.switchboard.store.SlotPlan;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Holds a claimed message until its place in the send schedule (made in the database at claim time, for
 * all instances together). A message that reaches its place late (a cold start, a pause) would bunch up
 * with the ones after it, so it takes a new place at the end of the schedule instead.
 */
public final class SendSlotWait {

    private static final Logger LOG = LoggerFactory.getLogger(SendSlotWait.class);
    private static final Duration RESLOT_LEAD = Duration.ofMillis(20);
    private static final int MAX_RESLOTS = 3;

    private final Pacing pacing;
    private final SendSlots slots;
    private final Duration tolerance;
    private final Clock clock;

    /** {@code tolerance}: how late a message may still go (about one account interval). */
    public SendSlotWait(Pacing pacing, SendSlots slots, Duration tolerance, Clock clock) {
        this.pacing = pacing;
        this.slots = slots;
        this.tolerance = tolerance;
        this.clock = clock;
    }

    /** Sleeps until the send time; checked again on waking, as a starved thread can wake late too. */
    public void await(Exchange exchange) throws InterruptedException {
        Claim claim = exchange.getProperty(Vars.CLAIM, Claim.class);
        Instant at = claim.sendAt();
        int reslots = 0;
        while (at != null) {
            long nanos = Duration.between(clock.instant(), at).toNanos();
            if (nanos > 0) {
                Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
            } else if (-nanos <= tolerance.toNanos() || reslots++ == MAX_RESLOTS) {
                return;
            } else {
                String sender = pacing.senderOf(claim.message());
                at = slots.reslot(sender, SlotPlan.interval(pacing.rateOf(sender)),
                        SlotPlan.interval(pacing.accountRate()), clock.instant().plus(RESLOT_LEAD));
                LOG.debug("Message {} late for its send time by {} ms: rescheduled to {}", claim.message().id(),
                        -nanos / 1_000_000, at);
            }
        }
    }
}
