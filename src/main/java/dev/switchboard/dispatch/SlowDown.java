package dev.switchboard.dispatch;

import dev.switchboard.store.Claim;
import dev.switchboard.store.OutboxStore;
import dev.switchboard.store.Pacing;
import dev.switchboard.store.SendSlots;
import dev.switchboard.twilio.RetryAfters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Twilio answered 429 (too many requests): nothing was created. The sender's next send time moves past
 * Twilio's {@code Retry-After} for every instance, and the message goes back to the outbox for then,
 * without counting an attempt: a 429 never brings a message closer to {@code failed}.
 */
public final class SlowDown {

    private static final Logger LOG = LoggerFactory.getLogger(SlowDown.class);

    private final Pacing pacing;
    private final SendSlots slots;
    private final RetryAfters retryAfters;
    private final OutboxStore outbox;
    private final Clock clock;

    public SlowDown(Pacing pacing, SendSlots slots, RetryAfters retryAfters, OutboxStore outbox, Clock clock) {
        this.pacing = pacing;
        this.slots = slots;
        this.retryAfters = retryAfters;
        this.outbox = outbox;
        this.clock = clock;
    }

    public void apply(Claim claim) {
        String sender = pacing.senderOf(claim.message());
        Duration wait = retryAfters.take(sender).orElse(RetryAfters.DEFAULT);
        Instant until = clock.instant().plus(wait);
        slots.holdUntil(sender, until);
        if (outbox.release(claim, until, "Twilio answered 429: sender slowed down for " + wait.toSeconds()
                + " s, not counted as an attempt")) {
            LOG.info("Message {}: Twilio answered 429, its sender waits {} s (attempt not counted)",
                    claim.message().id(), wait.toSeconds());
        }
    }
}
