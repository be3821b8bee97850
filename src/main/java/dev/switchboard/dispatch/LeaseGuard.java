package dev.switchboard.dispatch;

import dev.switchboard.domain.Vars;
import dev.switchboard.store.Claim;
import dev.switchboard.store.OutboxStore;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The last check before a create request: the claim must outlive the request. A claim expires
 * {@code lease} after its send time; a message still waiting for a Twilio thread when too little of it is
 * left (Twilio slow, the send queue long) could be claimed again by another poll while its first request
 * is in flight, and the person texted twice. A message that has used up half its lease waiting is released
 * unsent (no attempt counted) and claimed afresh. The other half is the request's: keep the lease
 * ({@code switchboard.outbox.lease-ms}, 60 s) above twice the Twilio connect + read time-outs (5 + 15 s).
 */
public final class LeaseGuard {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseGuard.class);

    private final Duration lease;
    private final OutboxStore outbox;
    private final Clock clock;

    public LeaseGuard(Duration lease, OutboxStore outbox, Clock clock) {
        this.lease = lease;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** True when the request may start; otherwise the claim is released and false returned. */
    public boolean admit(Exchange exchange) {
        Claim claim = exchange.getProperty(Vars.CLAIM, Claim.class);
        Instant from = claim.sendAt() != null ? claim.sendAt() : claim.claimedAt();
        if (from == null) {
            return true;
        }
        Instant now = clock.instant();
        if (now.isBefore(from.plus(lease.dividedBy(2)))) {
            return true;
        }
        outbox.release(claim, now, "claim too old to send safely (Twilio slow or the send queue long): released unsent");
        LOG.warn("Message {} waited {} ms for a Twilio thread: released unsent so no other claim can race it",
                claim.message().id(), Duration.between(from, now).toMillis());
        return false;
    }
}
