package dev.switchboard.dispatch;

import dev.switchboard.store.Claim;
import dev.switchboard.store.OutboxStore;

import java.time.Duration;
import java.util.List;

/**
 * Claims the next batch of due messages. The batch is kept small enough that, at the configured
 * rate, its last message reaches Twilio well inside the lease, so no claim expires while queued
 * in the throttle (an expired claim would let another instance send the same message).
 */
public final class OutboxPoller {

    private final OutboxStore outbox;
    private final String owner;
    private final int batch;
    private final Duration lease;

    public OutboxPoller(OutboxStore outbox, String owner, int maxBatch, double ratePerSecond, Duration lease) {
        this.outbox = outbox;
        this.owner = owner;
        this.lease = lease;
        long safe = (long) Math.floor(ratePerSecond * lease.toSeconds() / 3.0);
        this.batch = (int) Math.max(1, Math.min(maxBatch, safe));
    }

    public List<Claim> claim() {
        return outbox.claimDue(owner, batch, lease);
    }

    public int batch() {
        return batch;
    }

    public String owner() {
        return owner;
    }
}
