package dev.switchboard.dispatch;

import dev.switchboard.store.Claim;
import dev.switchboard.store.OutboxStore;
import dev.switchboard.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;

/**
 * Claims the next batch of due messages. The batch is kept small enough that, at the configured
 * rate, its last message reaches Twilio well inside the lease, so no claim expires while queued
 * in the throttle (an expired claim would let another instance send the same message).
 */
public final class OutboxPoller {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxPoller.class);

    private final OutboxStore outbox;
    private final OutboxStore.Lane lane;
    private final String owner;
    private final int batch;
    private final Duration lease;
    private volatile boolean databaseDown;

    public OutboxPoller(OutboxStore outbox, String owner, int maxBatch, double ratePerSecond, Duration lease) {
        this(outbox, OutboxStore.Lane.MESSAGES, owner, maxBatch, ratePerSecond, lease);
    }

    /** A poller for one lane of the outbox (messages, or calls at their own rate). */
    public OutboxPoller(OutboxStore outbox, OutboxStore.Lane lane, String owner, int maxBatch, double ratePerSecond,
                        Duration lease) {
        this.outbox = outbox;
        this.lane = lane;
        this.owner = owner;
        this.lease = lease;
        long safe = (long) Math.floor(ratePerSecond * lease.toSeconds() / 3.0);
        this.batch = (int) Math.max(1, Math.min(maxBatch, safe));
    }

    /** The next batch; empty while the database is unreachable (logged once when it goes and once when it returns). */
    public List<Claim> claim() {
        try {
            List<Claim> claims = outbox.claimDue(lane, owner, batch, lease);
            if (databaseDown) {
                databaseDown = false;
                LOG.info("Database reachable again: dispatching resumes");
            }
            return claims;
        } catch (StoreException e) {
            if (!e.unavailable()) {
                throw e;
            }
            if (!databaseDown) {
                databaseDown = true;
                LOG.error("Database unreachable: dispatching paused until it returns ({})", e.getMessage());
            }
            return List.of();
        }
    }

    public int batch() {
        return batch;
    }

    public String owner() {
        return owner;
    }
}
